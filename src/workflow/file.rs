//! The workflow file as written (TOML), before validation: spans kept for errors that name the
//! line, tables kept in the order written.

use super::*;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct WorkflowFile {
    pub(super) name: Spanned<String>,
    #[serde(default)]
    pub(super) description: String,
    // Optional here so that its absence gets our own message rather than serde's.
    pub(super) initial: Option<Spanned<String>>,
    pub(super) on_change: Option<Spanned<String>>,
    pub(super) states: Option<Spanned<Ordered<StateFile>>>,
    #[serde(default)]
    pub(super) transitions: Vec<TransitionFile>,
    pub(super) roles: Option<Ordered<Vec<String>>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct StateFile {
    #[serde(default)]
    pub(super) description: String,
    pub(super) color: Option<Spanned<String>>,
    #[serde(default)]
    pub(super) accepted: bool,
    pub(super) rating: Option<Spanned<String>>,
    pub(super) blocks_publication: Option<Spanned<bool>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct TransitionFile {
    pub(super) name: Spanned<String>,
    pub(super) from: Spanned<Vec<Spanned<String>>>,
    pub(super) to: Spanned<String>,
    #[serde(default)]
    pub(super) requires: Vec<Spanned<String>>,
    #[serde(default)]
    pub(super) roles: Vec<Spanned<String>>,
    pub(super) distinct_from: Option<Spanned<String>>,
}

/// A TOML table read in file order.
///
/// toml hands tables over sorted by key (no `preserve_order` feature here), so the key spans are
/// used to restore the order the author wrote, which is the order states are listed in.
pub(super) struct Ordered<V>(pub(super) Vec<(Spanned<String>, V)>);

impl<'de, V: Deserialize<'de>> Deserialize<'de> for Ordered<V> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct OrderedVisitor<V>(std::marker::PhantomData<V>);

        impl<'de, V: Deserialize<'de>> serde::de::Visitor<'de> for OrderedVisitor<V> {
            type Value = Ordered<V>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a table")
            }

            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Self::Value, A::Error> {
                let mut entries: Vec<(Spanned<String>, V)> = Vec::new();
                while let Some(key) = map.next_key::<Spanned<String>>()? {
                    let value = map.next_value::<V>()?;
                    entries.push((key, value));
                }
                entries.sort_by_key(|(key, _)| key.span().start);
                Ok(Ordered(entries))
            }
        }

        deserializer.deserialize_map(OrderedVisitor(std::marker::PhantomData))
    }
}

// ---------------------------------------------------------------------------------------------
// Stage two: the checked workflow.
// ---------------------------------------------------------------------------------------------
