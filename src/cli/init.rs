use std::io::Write;
use std::path::PathBuf;

use anyhow::{Context, Result};
use factdesk::desk::Desk;
use factdesk::workflow::Workflow;

use super::Ctx;

/// Create a new store, with the default workflow or your own.
///
/// The store is a directory (default ./.factdesk, or --store DIR). The workflow file defines the
/// review states and the moves between them; see workflows/default.toml.
#[derive(Debug, clap::Args)]
pub(crate) struct InitArgs {
    /// A workflow file (TOML) to use instead of the built-in default.
    #[arg(long, value_name = "FILE")]
    workflow: Option<PathBuf>,
}

pub(crate) fn cmd_init(ctx: &mut Ctx, args: &InitArgs) -> Result<()> {
    let workflow = match &args.workflow {
        Some(path) => load_workflow(path)?,
        None => Workflow::default_workflow(),
    };
    let desk = Desk::init(&ctx.store_path, &workflow, &ctx.user()?, ctx.now())?;
    let path = ctx.store_path.display().to_string();
    ctx.set_desk(desk);
    ctx.line(format_args!(
        "Initialized a factdesk store in {path} with workflow \"{}\" ({})",
        workflow.name(),
        &workflow.hash().to_hex()[..12]
    ))
}

/// Reads and validates a workflow file, naming the file in any error.
pub(crate) fn load_workflow(path: &std::path::Path) -> Result<Workflow> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read workflow file {}", path.display()))?;
    let workflow = Workflow::parse(&text).with_context(|| format!("{}", path.display()))?;
    for warning in workflow.warnings() {
        let _ = writeln!(std::io::stderr(), "warning: {}: {warning}", path.display());
    }
    Ok(workflow)
}
