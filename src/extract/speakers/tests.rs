use super::*;
use crate::extract::quotes::quoted_ranges;
use crate::text::Format;

fn speakers(input: &str) -> Vec<(Option<String>, Option<String>, Option<String>)> {
    let doc = Document::parse(input, Format::Text);
    let mut diagnostics = Vec::new();
    let candidates = super::super::quotes::find(&doc, &mut diagnostics);
    let sentence_tokens = SentenceTokens::new(&doc, &quoted_ranges(&candidates));
    attribute(
        &doc,
        &candidates,
        &sentence_tokens,
        &super::super::quotes::SentenceEdges::new(&doc),
    )
    .into_iter()
    .map(|f| {
        let a = f.attribution.unwrap_or_default();
        (a.speaker, a.mention, a.title)
    })
    .collect()
}

#[test]
fn every_listed_word_is_in_the_lexicon() {
    // The lexicon leaves out words longer than it can key.
    for &(list, classes) in LISTS {
        for word in list {
            assert!(is(word, classes), "{word}");
        }
    }
    for (verbs, _) in PHRASAL {
        for word in *verbs {
            assert!(is(word, class::PHRASAL_VERB), "{word}");
        }
    }
}

fn some(s: &str) -> Option<String> {
    Some(s.to_owned())
}

#[test]
fn titles_and_appositives() {
    assert_eq!(
        speakers(
            "Russian Foreign Minister Sergei Lavrov said the talks were \"useful and frank.\""
        ),
        [(
            some("Sergei Lavrov"),
            some("Russian Foreign Minister Sergei Lavrov"),
            some("Russian Foreign Minister")
        )]
    );
    assert_eq!(
        speakers(
            "Sergei Lavrov met them.\n\nLavrov, the foreign minister, said the talks were \"useful and frank.\""
        ),
        [(some("Sergei Lavrov"), some("Lavrov"), None)]
    );
}

#[test]
fn inverted_and_according_to() {
    assert_eq!(
        speakers("\"We are ready to help,\" said Jakob Kellenberger, the ICRC president."),
        [(some("Jakob Kellenberger"), some("Jakob Kellenberger"), None)]
    );
    assert_eq!(
        speakers("The plan is \"dead on arrival,\" according to the Foreign Ministry."),
        [(some("Foreign Ministry"), some("the Foreign Ministry"), None)]
    );
}

#[test]
fn appositive_chains_and_named_inversions() {
    assert_eq!(
        speakers("Mr. Tom Reyes, 62, who lost his home, said: \"I have nothing left.\""),
        [(some("Tom Reyes"), some("Mr. Tom Reyes"), some("Mr."))]
    );
    assert_eq!(
        speakers("\"It hurts,\" said one patient, 71-year-old John Hale, who was treated there."),
        [(some("John Hale"), some("John Hale"), None)]
    );
    assert_eq!(
        speakers(
            "Moscow, a key ally of Syria, has been calling for \"an immediate halt\" to the fighting."
        ),
        [(some("Moscow"), some("Moscow"), None)]
    );
}

#[test]
fn relative_pronoun_subjects_keep_the_pronoun_as_mention() {
    assert_eq!(
        speakers("The mayor praised Anna Berg, who called the plan \"a real step forward.\""),
        [(some("Anna Berg"), some("who"), None)]
    );
}

#[test]
fn contracted_pronoun_mentions_drop_the_verb() {
    let got =
        speakers("Tom Keller said he was tired. He's predicting a \"very long night\" ahead.");
    assert_eq!(got, [(some("Tom Keller"), some("He"), None)]);
}

#[test]
fn adverbs_between_subject_and_verb_are_skipped() {
    assert_eq!(
        speakers("Berg has increasingly warned of \"a wave of closures\" in the region."),
        [(some("Berg"), some("Berg"), None)]
    );
}

#[test]
fn verb_looking_nouns_are_not_verbs() {
    // After a possessive, after a singular determiner, and before "of".
    assert_eq!(
        speakers("Anna Berg called Keller's claims \"utter nonsense\" on Monday."),
        [(some("Anna Berg"), some("Anna Berg"), None)]
    );
    assert_eq!(
        speakers("At an angry press conference, Anna Berg called the plan \"a disgrace.\""),
        [(some("Anna Berg"), some("Anna Berg"), None)]
    );
    assert_eq!(
        speakers("Berg told voters in her home state of Ohio that the deal was \"dead.\""),
        [(some("Berg"), some("Berg"), None)]
    );
}

#[test]
fn participles_take_the_clause_subject() {
    assert_eq!(
        speakers(
            "Anna Berg defended her \"clean energy,\" saying the plan would \"pay for itself.\""
        )[1],
        (some("Anna Berg"), some("Anna Berg"), None)
    );
}

#[test]
fn coordinated_names_and_short_openings() {
    assert_eq!(
        speakers("Berg and Keller issued a statement describing the talks as \"very useful.\"")[0]
            .1,
        some("Berg and Keller")
    );
    assert_eq!(
        speakers(
            "Hours later, Anna Berg returned the favour, telling reporters \"he is a good man.\""
        ),
        [(some("Anna Berg"), some("Anna Berg"), None)]
    );
}

#[test]
fn pronouns_follow_the_last_speaker() {
    let got = speakers(
        "Anna Berg met Tom Keller on Monday. Berg told reporters she was hopeful.\n\n\"We will get there,\" she said. The ministry said it would wait.\n\n\"Not yet,\" it said.",
    );
    assert_eq!(got[0], (some("Anna Berg"), some("she"), None));
    assert_eq!(got[1], (some("ministry"), some("it"), None));
}

#[test]
fn a_pronoun_after_a_lone_surname_is_that_speaker_not_an_earlier_person() {
    // "Sanders" is named nowhere in full: a person or a group, and the one who just spoke.
    let got = speakers(
        "Jakob Kellenberger spoke first. \"Aid must flow,\" Kellenberger said.\n\n\"We will win,\" Sanders said. \"It is a long road,\" he added.",
    );
    assert_eq!(got[0].0, some("Jakob Kellenberger"));
    assert_eq!(got[1].0, some("Sanders"));
    assert_eq!(got[2], (some("Sanders"), some("he"), None));
}

#[test]
fn only_a_quote_ending_its_clause_is_followed_by_an_inverted_weak_verb() {
    let got = speakers(
        "Aides hoped to head off \"more radical\" protest suggestions, including walkouts.",
    );
    assert_ne!(got[0].0, some("suggestions"));
    assert_eq!(
        speakers("\"We are ready,\" noted Anna Berg."),
        [(some("Anna Berg"), some("Anna Berg"), None)]
    );
}

#[test]
fn the_name_after_told_is_the_listener() {
    let got = speakers(
        "On Friday, Tom Keller — a candidate for the Senate — told Anna Berg of Fox News that \"it is time.\"",
    );
    assert_eq!(got, [(some("Tom Keller"), some("Tom Keller"), None)]);
}

#[test]
fn a_capitalized_auxiliary_inside_a_sentence_is_a_name() {
    assert_eq!(
        speakers("\"This might, and should, end the race,\" Will wrote."),
        [(some("Will"), some("Will"), None)]
    );
}

#[test]
fn as_a_name_put_it() {
    assert_eq!(
        speakers("Or, as Tom Keller, a former mayor of the city, put it: \"The gate is open.\""),
        [(some("Tom Keller"), some("Tom Keller"), None)]
    );
    // An aside opened by a preposition does not name the subject.
    assert_eq!(
        speakers("Keller, in Ohio, said Berg was \"a total lightweight.\""),
        [(some("Keller"), some("Keller"), None)]
    );
}

#[test]
fn verbs_of_manner_report_next_to_a_quote() {
    assert_eq!(
        speakers("\"Go back home,\" Keller barked."),
        [(some("Keller"), some("Keller"), None)]
    );
}

#[test]
fn a_lone_quote_after_a_sentence_about_a_person_is_theirs() {
    let got = speakers(
        "\"It is education,\" says Anna Berg, 32, of Sodus. Berg supports the mayor.\n\n\"I have student loans.\"",
    );
    assert_eq!(got[1].0, some("Anna Berg"));
}

#[test]
fn a_subject_never_holds_a_past_reporting_verb() {
    let got = speakers("Berg also decried Keller's repeated calls to \"shut the border.\"");
    assert_eq!(got, [(some("Berg"), some("Berg"), None)]);
    // The base form is often a noun: "the email said".
    assert_eq!(
        speakers("\"We need you,\" the email said.")[0].0,
        some("email")
    );
}

#[test]
fn state_as_a_noun_is_no_rival_reporting_verb() {
    let got = speakers("Keller wrote a column mocking GOP state leaders as \"obsessed.\"");
    assert_eq!(got[0].0, some("Keller"));
}

#[test]
fn a_name_introducing_a_quote_with_a_colon() {
    assert_eq!(
        speakers("The timing does not surprise pollster Tom Keller: \"Late surges are common.\"")
            [0]
        .0,
        some("Tom Keller")
    );
    // Unless the subject is a person: the name before the colon is the listener.
    assert_eq!(
        speakers("Anna Berg delivered a blunt message to Keller: \"Stop attacking people.\"")[0].0,
        some("Anna Berg")
    );
}

#[test]
fn a_leading_name_said_outranks_a_common_noun_in_what_was_said() {
    let got = speakers(
        "Starr said Clinton's situation reminds him of an old book, explaining, \"It is a tragedy.\"",
    );
    assert_eq!(got, [(some("Starr"), some("Starr"), None)]);
}

#[test]
fn a_pronoun_gives_way_to_the_same_person_named_in_the_sentence() {
    let got = speakers(
        "Anna Berg said that she has begun \"to unmask\" Keller, whom she called \"a con artist.\"",
    );
    assert_eq!(got[0], (some("Anna Berg"), some("Anna Berg"), None));
    assert_eq!(got[1].1, some("Anna Berg"));
}

#[test]
fn a_name_after_said_and_a_comma_is_the_inverted_subject() {
    let got =
        speakers("\"It seems unlikely\" that Berg can catch Keller, said Tom Reyes, a strategist.");
    assert_eq!(got, [(some("Tom Reyes"), some("Tom Reyes"), None)]);
    // Not when the name is the subject of what was said.
    let got = speakers(
        "Tom Reyes, the party's senior adviser, said Republicans are engaged in \"mischief.\"",
    );
    assert_ne!(got[0].0, some("Republicans"));
}

#[test]
fn a_day_between_subject_and_verb_is_skipped() {
    assert_eq!(
        speakers("Keller later Thursday told Fox News: \"Both men are meeting.\"")[0].0,
        some("Keller")
    );
    assert_eq!(
        speakers("The monument, which Berg on Friday declared \"a place to tell the story.\"")[0].0,
        some("Berg")
    );
}

#[test]
fn openers_before_the_subject_are_skipped() {
    assert_eq!(
        speakers("Casting himself as a prosecutor, Tom Keller roused the crowd to chants of \"Lock her up!\"")[0].0,
        some("Tom Keller")
    );
    assert_eq!(
        speakers("Like Berg, Keller also rejected the notion, arguing there is \"room for the administration.\"")[0].0,
        some("Keller")
    );
}

#[test]
fn a_name_after_a_preposition_is_not_the_subject_of_a_participle() {
    assert_eq!(
        speakers("Keller wrote in a statement to Wired explaining that \"most people agree.\"")[0]
            .0,
        some("Keller")
    );
    // `with Berg calling it …`: the name is the participle's subject.
    assert_eq!(
        speakers("Republicans were irritated, with Anna Berg calling it a \"Chinese menu.\"")[0].0,
        some("Anna Berg")
    );
}

#[test]
fn a_noun_like_verb_after_a_lower_case_word_is_a_noun() {
    let got = speakers("Keller called Berg's claim over her recovered emails \"disturbing.\"");
    assert_eq!(got[0].0, some("Keller"));
    assert_eq!(
        speakers("\"We won,\" Berg emails supporters.")[0].0,
        some("Berg")
    );
}

#[test]
fn according_to_a_document_by_a_named_author() {
    assert_eq!(
        speakers(
            "A living wage is \"about $12 an hour,\" according to calculations by Amy Glasmeier."
        )[0]
        .0,
        some("Amy Glasmeier")
    );
}

#[test]
fn an_inverted_subject_may_open_with_lower_case_words() {
    assert_eq!(
        speakers("In other words, explained CBS moderator Anna Berg: \"What does that have to do with it?\"")[0].0,
        some("Anna Berg")
    );
}

#[test]
fn party_and_state_after_a_name_is_an_appositive() {
    assert_eq!(
        speakers("\"Perpetual motion!\" Rep. Tom Keller, R-Pa., said of the week."),
        [(some("Tom Keller"), some("Rep. Tom Keller"), some("Rep."))]
    );
}

#[test]
fn sentence_subjects_after_several_openers_and_with_of() {
    assert_eq!(
        speakers("On Thursday, after staying neutral, Berg appeared on TV and endorsed Keller, saying, \"She is a fighter.\"")[0].0,
        some("Berg")
    );
    assert_eq!(
        speakers("Former Secretary of State Anna Berg clashed with Keller during the hearing, chiding him, \"What difference does it make?\"")[0].0,
        some("Anna Berg")
    );
}

#[test]
fn a_place_after_an_opening_phrase_is_not_the_subject() {
    assert_eq!(
        speakers("Speaking at a diner in Dayton, Ohio, Mara Quint went after the mayor, calling him \"a quitter.\"")[0].1,
        some("Mara Quint")
    );
}

#[test]
fn an_irregular_past_ends_a_common_noun_subject() {
    assert_eq!(
        speakers("The new principal began by talking about the school's roof, saying that repairs were \"long overdue.\"")[0].1,
        some("The new principal")
    );
}

#[test]
fn a_pronoun_in_a_clause_after_the_named_subject_is_that_subject() {
    let got = speakers(
        "The council met on Monday to vote on the budget.\n\nOlga Varne spoke first.\n\nVarne has long opposed what she calls the \"parking tax.\"",
    );
    assert_eq!(got[0].1, some("Varne"));
    assert_eq!(got[0].0, some("Olga Varne"));
    // Right after the quote, the pronoun is the attribution itself.
    let got = speakers(
        "The council met on Monday to vote on the budget.\n\nOlga Varne spoke first.\n\nTaxes are \"a burden on families,\" she said.",
    );
    assert_eq!(got[0].1, some("she"));
    let got = speakers(
        "The council met on Monday to vote on the budget.\n\nOlga Varne spoke first.\n\nVarne said she believes \"the budget will pass.\"",
    );
    assert_eq!(got[0].1, some("Varne"));
    let got = speakers(
        "The council met on Monday to vote on the budget.\n\nOlga Varne spoke first.\n\nAfter the vote, she said: \"The budget will pass.\"",
    );
    assert_eq!(got[0].1, some("she"));
}

#[test]
fn verbs_of_manner_citing_and_comparing_report() {
    assert_eq!(
        speakers("Outside the depot, the strikers chanted \"Fair pay now!\" for an hour.")[0].1,
        some("the strikers")
    );
    assert_eq!(
        speakers("Ilse Moor likened the new toll to \"a tax on going to work.\"")[0].1,
        some("Ilse Moor")
    );
    assert_eq!(
        speakers("Pia Lund echoed the warning: \"The river will rise again.\"")[0].1,
        some("Pia Lund")
    );
    assert_eq!(
        speakers("Ravi Suh referred to the deal as \"a bad bargain for tenants.\"")[0].1,
        some("Ravi Suh")
    );
    assert_eq!(
        speakers("Board chair Ravi Suh dismissed the complaint as \"silly.\"")[0].1,
        some("Board chair Ravi Suh")
    );
}

#[test]
fn a_place_set_off_by_commas_is_not_the_subject() {
    assert_eq!(
        speakers("Dov Arel, in Grand Forks, lamented the \"endless delays.\"")[0].1,
        some("Dov Arel")
    );
    assert_eq!(
        speakers("Arel, who runs a bakery in Fargo, North Dakota, blasted the plan as \"a mess.\"")
            [0]
        .1,
        some("Arel")
    );
    assert_eq!(
        speakers("In March, residents wrote that the fee was \"unfair.\"")[0].1,
        some("residents")
    );
    // A phrase opening the sentence is no place before the name.
    assert_eq!(
        speakers("In June, Mr. Arel, who runs a bakery, told the board the fee was \"unfair.\"")[0]
            .1,
        some("Mr. Arel")
    );
}

#[test]
fn a_participle_after_an_object_takes_the_name_opening_the_sentence() {
    assert_eq!(
        speakers("Lena Ortiz on Friday stepped up her attacks on Brandt, saying he is \"out of his depth.\"")[0].1,
        some("Lena Ortiz")
    );
    assert_eq!(
        speakers("Ortiz and several other council members snubbed the mayor during visits to Leeds, claiming the city is \"broke.\"")[0].1,
        some("Ortiz")
    );
}

#[test]
fn a_follow_on_quote_keeps_its_speaker_over_a_statement_after_it() {
    let got = speakers(
        "Keller has argued that Berg is not ready. \"You have never run anything,\" he said. \"You just haven't.\" Berg shot back at Keller over the city budget.",
    );
    assert_eq!(got[1].1, some("he"));
    // A sentence that is only the attribution still gives the quote before it its speaker.
    let got = speakers(
        "Keller has argued that Berg is not ready. \"You have never run anything,\" he said. \"Why does that matter?\" Berg asked.",
    );
    assert_eq!(got[1].1, some("Berg"));
}

#[test]
fn a_relative_pronoun_standing_for_no_one_named_is_no_speaker() {
    let got = speakers(
        "Mayor Ida Holm opened her speech by mocking rivals who think they can \"fix the roads overnight.\"",
    );
    assert_eq!(got[0].1, some("Mayor Ida Holm"));
}

#[test]
fn a_pronoun_after_a_titled_subject_is_that_subject() {
    let got =
        speakers("The council met.\n\nThe mayor denounced what he called the \"parking scandal.\"");
    assert_eq!(got[0].1, some("The mayor"));
}

#[test]
fn a_description_before_a_name_is_a_title() {
    assert_eq!(
        speakers("\"The shelves are empty,\" said retail worker Tom Blake.")[0],
        (
            some("Tom Blake"),
            some("retail worker Tom Blake"),
            some("retail worker")
        )
    );
}

#[test]
fn a_name_on_a_line_after_a_horizontal_bar_is_the_speaker() {
    assert_eq!(
        speakers("\"We will rebuild the pier.\"\n\n\u{2015} Maria Lopez")[0].1,
        some("Maria Lopez")
    );
}

#[test]
fn a_time_or_place_after_a_preposition_is_not_the_subject() {
    assert_eq!(
        speakers(
            "Marta Ilves, who has in the past described the tax as \"a quiet theft,\" will run."
        )[0]
        .1,
        some("who")
    );
    assert_eq!(
        speakers("The farmers over the weekend called the plan \"a disaster for the valley.\"")[0]
            .1,
        some("The farmers")
    );
    assert_eq!(
        speakers("Ilves at a rally in the square declared \"We will not pay.\"")[0].0,
        some("Ilves")
    );
}

#[test]
fn a_phrase_of_time_after_a_conjunction_opens_the_sentence() {
    assert_eq!(
        speakers("And a few weeks later, Mr. Ilves expressed regret for \"my failure to unite the town.\"")[0].1,
        some("Mr. Ilves")
    );
    assert_eq!(
        speakers(
            "But that morning, a crowd of farmers gathered outside, chanting \"No more tax.\""
        )[0]
        .1,
        some("a crowd of farmers")
    );
    assert_eq!(
        speakers(
            "But hours later, Ilves returned to the square and called the tax \"a quiet theft.\""
        )[0]
        .1,
        some("Ilves")
    );
}

#[test]
fn words_that_name_no_one_are_no_speaker() {
    // An adverb between the subject and its verb is skipped.
    assert_eq!(
        speakers("Ilves has even claimed the levy would \"ruin every farm in the valley.\"")[0].0,
        some("Ilves")
    );
    assert_eq!(
        speakers("Marta Ilves has long argued that the levy is \"a quiet theft.\"")[0].0,
        some("Marta Ilves")
    );
    // A time or a quantifier is no speaker: the sentence's subject is.
    assert_eq!(
        speakers(
            "Ilves would not comment on a levy passed \"to protect the valley\" for many farms."
        )[0]
        .0,
        some("Ilves")
    );
    assert!(names_no_one(&Attribution {
        speaker: some("the past"),
        mention: some("the past"),
        title: None
    }));
    assert!(!names_no_one(&Attribution {
        speaker: some("Marta Ilves"),
        mention: some("he"),
        title: None
    }));
}

#[test]
fn he_and_she_agree_with_the_gender_the_text_shows() {
    // A given name.
    assert_eq!(
        speakers("Marta Ilves said the levy was unfair. Tom Berg said it was fair. \"It is a quiet theft,\" she said.")[0].0,
        some("Marta Ilves")
    );
    // A title.
    assert_eq!(
        speakers("Ms. Ilves criticized the levy. Mr. Berg argued otherwise. \"It is a quiet theft,\" she said.")[0].0,
        some("Ilves")
    );
    // An earlier pronoun for the same person.
    assert_eq!(
        speakers("Ilves said she warned the council. Berg said he warned them too. \"It is a quiet theft,\" she said.")[0].0,
        some("Ilves")
    );
    // No one of that gender among the latest people: no name rather than a wrong one.
    assert_eq!(
        speakers("Mr. Berg argued for the levy. \"It is a quiet theft,\" she said.")[0],
        (None, some("she"), None)
    );
}

#[test]
fn one_person_goes_by_one_name_the_fullest() {
    assert_eq!(
        speakers("Marta Lind Ilves opened the hearing. Later, Marta Ilves said the levy was \"a quiet theft.\" \"We will not pay,\" Ilves said.")
            .into_iter()
            .map(|(speaker, _, _)| speaker)
            .collect::<Vec<_>>(),
        [some("Marta Lind Ilves"), some("Marta Lind Ilves")]
    );
    // A description before the name is not part of it.
    assert_eq!(
        speakers("The rally was led by Republican Tom Berg. \"We will win,\" Berg said.")[0],
        (some("Tom Berg"), some("Berg"), None)
    );
}

#[test]
fn a_transcript_label_in_capitals_is_the_named_person() {
    assert_eq!(
        speakers("Tom Jones and Anna Berg spoke at the hearing.\n\nJONES: \"We will not pay the levy.\"\n\nBERG: \"Then the council will collect it.\"")
            .into_iter()
            .map(|(speaker, mention, _)| (speaker, mention))
            .collect::<Vec<_>>(),
        [
            (some("Tom Jones"), some("JONES")),
            (some("Anna Berg"), some("BERG"))
        ]
    );
}

#[test]
fn a_name_after_a_dash_right_after_the_quote_is_the_speaker() {
    assert_eq!(
        speakers("\"We will not pay the levy, not this year and not ever.\" ― Maria Lopez")[0].0,
        some("Maria Lopez")
    );
    assert_eq!(
        speakers("\"We will not pay the levy, not this year and not ever.\" — Maria Lopez, farmer")
            [0]
        .0,
        some("Maria Lopez")
    );
    // A dash that opens an aside is no signature.
    assert_eq!(
        speakers("Berg called the levy \"a quiet theft\" — Lopez agreed — and left.")[0].0,
        some("Berg")
    );
}

#[test]
fn a_verb_joined_by_and_shares_the_subject() {
    assert_eq!(
        speakers("Asked about the levy, Ilves laughed and said, \"We will see.\"")[0].0,
        some("Ilves")
    );
    assert_eq!(
        speakers("Asked about the levy, she paused and added: \"We will see.\"")[0].1,
        some("she")
    );
}

#[test]
fn who_right_after_a_full_name_stands_for_it() {
    assert_eq!(
        speakers("The most shared post came from Tom Berg who wrote, \"Pay or leave.\"")[0],
        (some("Tom Berg"), some("who"), None)
    );
}

#[test]
fn a_verb_like_noun_before_a_parenthetical_attribution_is_a_noun() {
    assert_eq!(
        speakers(
            "Tom Berg said the plan was late. Repair estimates, he added, were \"far too low for the valley.\""
        )[0],
        (some("Tom Berg"), some("he"), None)
    );
}

#[test]
fn a_place_set_off_by_commas_is_where_not_who() {
    assert_eq!(
        speakers("Ortega, in St. Cloud, deplored the \"endless waiting.\"")[0].0,
        some("Ortega")
    );
    assert_eq!(
        speakers("The mayor, at City Hall, promised \"a new start.\"")[0].1,
        some("The mayor")
    );
}

#[test]
fn a_report_after_according_to_is_the_source() {
    assert_eq!(
        speakers("\"We must go,\" according to the report.")[0].0,
        some("report")
    );
    assert_eq!(
        speakers("The levy is \"far too low,\" according to a report by the Audit Office.")[0].0,
        some("Audit Office")
    );
}
