//! "Did you mean": the name a person most likely meant when they mistyped one.

/// The candidate closest to `given` (case ignored), if one is close enough to be what was meant:
/// at most one edit in a short name, about one edit in three in a longer one. Ties go to the
/// first candidate.
pub(crate) fn closest<'a>(
    given: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let given = given.to_lowercase();
    let allowed = (given.chars().count() / 3).max(1);
    let mut best: Option<(usize, &str)> = None;
    for candidate in candidates {
        let distance = strsim::damerau_levenshtein(&given, &candidate.to_lowercase());
        if distance <= allowed && best.is_none_or(|(d, _)| distance < d) {
            best = Some((distance, candidate));
        }
    }
    best.map(|(_, candidate)| candidate)
}

#[cfg(test)]
mod tests {
    use super::closest;

    #[test]
    fn a_close_miss_is_named_and_a_far_one_is_not() {
        let states = ["unverified", "sourced", "verified", "disputed"];
        assert_eq!(closest("verifed", states), Some("verified"));
        assert_eq!(closest("Disptued", states), Some("disputed"));
        assert_eq!(closest("sourced", states), Some("sourced"));
        assert_eq!(closest("published", states), None);
        assert_eq!(
            closest("syria-truse", ["syria-truce", "other"]),
            Some("syria-truce")
        );
        assert_eq!(closest("x", ["y"]), Some("y"));
        assert_eq!(closest("ab", ["xyz"]), None);
    }
}
