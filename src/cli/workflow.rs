use std::path::PathBuf;

use anyhow::Result;
use factdesk::workflow::Workflow;

use super::Ctx;
use super::init::load_workflow;

/// Show the store's workflow, or check a workflow file.
#[derive(Debug, clap::Subcommand)]
pub(crate) enum WorkflowCommand {
    /// Print the states and the moves between them.
    Show {
        /// Print a Graphviz graph instead (`factdesk workflow show --dot | dot -Tsvg > wf.svg`).
        #[arg(long)]
        dot: bool,
    },
    /// Put another workflow in force; the switch is recorded in the audit log, and reviews in a
    /// state the new workflow lacks are listed (they keep their state until someone moves them).
    Use {
        /// The workflow file (TOML).
        #[arg(value_parser = super::forward::path_arg)]
        file: PathBuf,
    },
    /// Validate a workflow file; errors name the line and the fix.
    Check {
        /// The workflow file (TOML).
        #[arg(value_parser = super::forward::path_arg)]
        file: PathBuf,
    },
}

pub(crate) fn cmd_workflow(ctx: &mut Ctx, command: &WorkflowCommand) -> Result<()> {
    match command {
        WorkflowCommand::Show { dot } => {
            let workflow = ctx.desk()?.workflow().clone();
            let lines = if *dot {
                graphviz(&workflow)
            } else {
                describe(&workflow)
            };
            for line in lines {
                ctx.line(line)?;
            }
        }
        WorkflowCommand::Use { file } => {
            let workflow = load_workflow(file)?;
            let (user, now) = (ctx.user()?, ctx.now());
            let switch = ctx.desk_mut()?.use_workflow(&workflow, &user, now)?;
            if switch.changed {
                ctx.line(format_args!(
                    "now using workflow \"{}\" ({}); the switch is recorded in the audit log",
                    workflow.name(),
                    &workflow.hash().to_hex()[..12]
                ))?;
            } else {
                ctx.line(format_args!(
                    "workflow \"{}\" is already in use; nothing recorded",
                    workflow.name()
                ))?;
            }
            if !switch.stranded.is_empty() {
                ctx.line(format_args!(
                    "warning: {} this workflow lacks; they keep them until moved:",
                    match switch.stranded.len() {
                        1 => "1 claim is in a state".to_owned(),
                        n => format!("{n} claims are in states"),
                    }
                ))?;
                for review in &switch.stranded {
                    ctx.line(format_args!(
                        "  {} {} {}",
                        review.article,
                        review.claim.short(),
                        review.state
                    ))?;
                }
            }
        }
        WorkflowCommand::Check { file } => {
            let workflow = load_workflow(file)?;
            ctx.line(format_args!(
                "{}: workflow \"{}\" is valid: {}, {}",
                file.display(),
                workflow.name(),
                super::count(workflow.states().len() as u64, "state"),
                super::count(workflow.transitions().len() as u64, "transition")
            ))?;
        }
    }
    ctx.flush()
}

fn describe(workflow: &Workflow) -> Vec<String> {
    let mut lines = vec![format!(
        "workflow \"{}\" ({})",
        workflow.name(),
        &workflow.hash().to_hex()[..12]
    )];
    if !workflow.description().is_empty() {
        lines.push(workflow.description().to_owned());
    }
    lines.push(String::new());
    lines.push("states:".to_owned());
    for state in workflow.states() {
        let mut marks = Vec::new();
        if state.name == workflow.initial() {
            marks.push("initial".to_owned());
        }
        if state.accepted {
            marks.push("accepted for publishing".to_owned());
        }
        if let Some(rating) = &state.rating {
            marks.push(format!("rating \"{rating}\""));
        }
        let marks = if marks.is_empty() {
            String::new()
        } else {
            format!(" [{}]", marks.join(", "))
        };
        lines.push(format!("  {:<12} {}{marks}", state.name, state.description));
    }
    lines.push(format!(
        "  a claim whose text or value changes returns to: {}",
        workflow.on_change()
    ));
    lines.push(String::new());
    lines.push("transitions:".to_owned());
    for transition in workflow.transitions() {
        let mut needs: Vec<String> = transition
            .requires
            .iter()
            .map(|r| r.flag().to_owned())
            .collect();
        if !transition.roles.is_empty() {
            needs.push(format!("role {}", transition.roles.join("|")));
        }
        if let Some(other) = &transition.distinct_from {
            needs.push(format!("a different person than `{other}`"));
        }
        let needs = if needs.is_empty() {
            String::new()
        } else {
            format!("  needs {}", needs.join(", "))
        };
        lines.push(format!(
            "  {:<16} {} → {}{needs}",
            transition.name,
            transition.from.join("|"),
            transition.to
        ));
    }
    lines
}

/// The workflow as a Graphviz digraph: accepted states double-circled, the initial one bold.
fn graphviz(workflow: &Workflow) -> Vec<String> {
    let quote = |text: &str| format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""));
    let mut lines = vec![
        format!("digraph {} {{", quote(workflow.name())),
        "  rankdir=LR;".to_owned(),
    ];
    for state in workflow.states() {
        let shape = if state.accepted {
            "doublecircle"
        } else {
            "circle"
        };
        let style = if state.name == workflow.initial() {
            ", style=bold"
        } else {
            ""
        };
        lines.push(format!(
            "  {} [shape={shape}, color={}{style}, tooltip={}];",
            quote(&state.name),
            quote(&state.color),
            quote(&state.description)
        ));
    }
    for transition in workflow.transitions() {
        let needs: Vec<&str> = transition.requires.iter().map(|r| r.as_str()).collect();
        let label = if needs.is_empty() {
            transition.name.clone()
        } else {
            format!("{} ({})", transition.name, needs.join(", "))
        };
        for from in &transition.from {
            lines.push(format!(
                "  {} -> {} [label={}];",
                quote(from),
                quote(&transition.to),
                quote(&label)
            ));
        }
    }
    lines.push("}".to_owned());
    lines
}
