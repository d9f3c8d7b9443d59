//! Format stability: one golden file per stored record type (and per event kind), encoded by this
//! codec and committed under `tests/golden/records/`. Every test run decodes each file into the
//! value it was made from and re-encodes that value into the same bytes, so a change to a record
//! struct, to serde or to bincode that would make old stores unreadable fails here first.
//!
//! Golden files are never changed, only added: [`FROZEN`] pins each one's BLAKE3, and every file
//! in the folder must be listed there. A new schema version gets new files (`…-v2.bin`) beside the
//! old ones, which must keep decoding (converted forward). A sample without a file gets one written
//! on the first run, and the test then names the hash to add to [`FROZEN`]; nothing overwrites one.

use std::collections::BTreeMap;
use std::path::PathBuf;

use super::codec::{self, Record};
use super::records::*;
use super::{StoreError, decode_in};

/// Append only: (file name, BLAKE3 of its bytes).
const FROZEN: &[(&str, &str)] = &[
    (
        "article-v1",
        "3e7656ebf036fe443181f50a83fd108492fdf30fe91a141e44921657a86f1e20",
    ),
    (
        "article-v2",
        "a1ee737d1796845a29399119443debeebb1b22b07bed105a8f6e09f24348a79a",
    ),
    (
        "claim-v1",
        "19d989dc9da87dce28bb02e9dd5701f3340a6dc62c8ad53c4d96fa86503dcc85",
    ),
    (
        "claim-v2",
        "49ebe4bcedd25d17f23894a6c268f35c8e30b4784eb523af938fd1a98c4ae2e0",
    ),
    (
        "config-v1",
        "926411836fe33a1df4ef834db527d145c594af479f6ec63d20f0a8bc5aeacb4f",
    ),
    (
        "event-config-set-v1",
        "1845c779788973bf6b6547e7c51ea30891df978e8ba7f98a8843328f0bbdadf6",
    ),
    (
        "event-revision-added-v1",
        "8c2a0bbb238c227a4b382350643c27c8087334241031ff9918f02384d2bc7eef",
    ),
    (
        "event-revision-added-with-pairs-v1",
        "a6f4fd494b110e4a9583f579b3dda61a047b29d356cfda0b7e7607c2501f300c",
    ),
    (
        "event-store-created-v1",
        "0b452cadb5e9790088affde2b565d649dbad41af95714b18b55d67e7029dd3c3",
    ),
    (
        "event-transition-v1",
        "d91e7594c8ffcc0abb2a156482c9182aa63f7c95719ad2e7ba8e28442700103a",
    ),
    (
        "event-workflow-changed-v1",
        "78994c0bb3488b90ec6ee8cd8349fe64e33df4f6639783b7836ed9b1cea9251b",
    ),
    (
        "evidence-v1",
        "e011a9211264188c85225db16350b805d5a47646253c02392d3f94e961ff9e4f",
    ),
    (
        "format-v1",
        "1dde1ef6d994e007f2fb9761f0f7a8218c1d67e4d4461b63af55f02fe82e4a0a",
    ),
    (
        "head-v1",
        "31daed51385c08cdb6b5170a66fcda64bb2733d32f2149b6a25fd77cbf06f974",
    ),
    (
        "occurrence-number-v1",
        "836d6edf29f35ce71ce868be329c59442978eac35f037a156d418de6f4ee6d95",
    ),
    (
        "occurrence-pack-v1",
        "002972866c7fc371beba5132d618baa31f4e7e087fd35bdf615d71630a56a0a8",
    ),
    (
        "occurrence-quote-v1",
        "13d1f0d7fbdf1b08839d07f1a5356b40cc2b6b7433cf6a409e86b29c3898b107",
    ),
    (
        "review-v1",
        "eaf1261f56b5b53ef959dee88533b25759decc27da718316beebbb1de48a9234",
    ),
    (
        "revision-deflated-v1",
        "2a8ae8a0195afefb719fb957f78d8665ce3b823d1d8db7be199b10087d1102fd",
    ),
    (
        "revision-v1",
        "a76feb8f5e83ef851f248e7f74b4d576ca639b871160529c2cb5db92f3d8f5d6",
    ),
    (
        "revision-v2",
        "85abcd41739945fa9796916540fbb225fca518d85783a6760df2f786cdad13fa",
    ),
    (
        "workflow-v1",
        "ef427d57b29ff90b1628bb6d9458a36b729e700f32739a29b91ee067282fc5a7",
    ),
    (
        "review-v2",
        "54afd5e6c86504b9f239a7d8b0d7d290e897d100487d4525ca2bc717d3706a63",
    ),
    (
        "event-curated-added-v1",
        "9b18ecb54d06d10d8558376d643e6a2e0cf9f39d96561fa81813ee9a11c343ba",
    ),
    (
        "event-curated-speaker-v1",
        "ca72cf9ebd0899f4e49bddfc738c338e651335c47e2da56e328b471699a5fcc0",
    ),
    (
        "event-curated-dismissed-v1",
        "eb413752dc400a1d44395c59d09421ac02aa4968c190ab098b5198bcbd12bf97",
    ),
    (
        "event-curated-restored-v1",
        "0f17929d02ae2d5d0a58ed1d74ade4d885146faf6bca6ab7075e6ab2366efbf0",
    ),
    (
        "event-curated-overridden-v1",
        "f6d69431459796637fe8693971adf628628eaa68c39226a53d5091e18b4283d3",
    ),
    (
        "event-revision-retracted-v1",
        "c76ca02c919c63455c21a3012270ac21c9921529c5f2d91dd1e3f178e735371c",
    ),
    (
        "user-v1",
        "be9b4a10d3696a0317fde17447c240a462fec4d32b054c19c2047e33b2bf2347",
    ),
    (
        "token-v1",
        "1c453f41a438eaf126746e2c78f3a4946896cbef89347dc878bd9791c2e2c790",
    ),
    (
        "event-user-added-v1",
        "54ea34771fb3681fcdc93786bc84e26ede5e8ab8729ed300bb7878504eb758c4",
    ),
    (
        "event-user-password-set-v1",
        "5bb0ca36e5c9dd520596d188fc00ba72811d4697b3be2293978271f500885248",
    ),
    (
        "event-user-disabled-v1",
        "bc224cca0cf34b612e31bb054c8607624139dbd0762f52990224ff2c463f4396",
    ),
    (
        "event-user-token-added-v1",
        "ede5e9fb144fd4798ffe6f9df6bd1bc1018801f3d067cad28d1345d9ba8524dc",
    ),
    (
        "assignment-v1",
        "fea708f551ab97a5483460fb917596aea8c8180392111d29499f6087dbebe434",
    ),
    (
        "event-assigned-article-v1",
        "71a7edbec8709383f5488af281de9e69f8c1bdbd82e2a3b1f261d70119e1e4a4",
    ),
    (
        "event-assigned-claim-v1",
        "2118fe8623b91352534836f80c953aede114650aac19afc059517581637c7cbd",
    ),
    (
        "event-assignment-released-v1",
        "38d31585154a6ecdf7079051b5dde24cc6055db809e1927317f3f06ef3edbd3f",
    ),
    (
        "session-v1",
        "ebe49a14889eb8bdbc98d3340578c4b44fa4966b3743ed0ce691981e63e54878",
    ),
    (
        "event-webhook-added-v1",
        "0eed50d55bc117867ffe6bbcf936b422df1418da58dda1e3d799b8eefcc73451",
    ),
    (
        "event-webhook-removed-v1",
        "66099e53ee652dc73523072f0416517ecb285abe8e3161a81e0d842811c76c14",
    ),
    (
        "webhook-v1",
        "727085ac6a1e60cbc6ab5c9066f28cf78a6210b5f712b8b69074cddc5486dbe8",
    ),
    (
        "outbox-cursor-v1",
        "c102beab1bdfd40ed8239fbf4e9f0fa7b522d1cee1029685f963c1aaaf3e5c86",
    ),
    (
        "outbox-delivery-v1",
        "0ea08c66c63e44832e3d45633b900188b5b72664d59bd196d50984862f73afd7",
    ),
    (
        "outbox-gate-v1",
        "ebe70783838c7c2c56fc860f0fae27f1e58c1375f00f75f5bb5682fe610ddde0",
    ),
    (
        "reference-v1",
        "64e6f5d17bd21a34c9d4e34c3191620aa7a3588179872c180776ef08c93e9757",
    ),
    (
        "event-references-imported-v1",
        "d27324cc2dd427c1edb92a0f75bfd2cb69a31ce664008f4bba98cca8f51541db",
    ),
];

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/golden/records")
}

fn remark(text: &str, seq: u64) -> RemarkRecord {
    RemarkRecord {
        text: text.into(),
        by: "ana".into(),
        at: 1_768_467_600_000,
        seq,
    }
}

fn stamp(seq: u64) -> StampRecord {
    StampRecord {
        by: "ed".into(),
        at: 1_768_467_800_000,
        seq,
    }
}

fn changed() -> ChangedClaimRecord {
    ChangedClaimRecord {
        old: [1; 32],
        new: [2; 32],
        old_state: "verified".into(),
        new_state: "unverified".into(),
        summary: "8,000 → 9,000".into(),
    }
}

fn span(start: u64, end: u64) -> SpanRecord {
    SpanRecord {
        start_char: start,
        end_char: end,
        start_byte: start,
        end_byte: end + 2,
    }
}

fn packed(start: u32, end: u32) -> PackedSpan {
    PackedSpan {
        start_char: start,
        end_char: end,
        start_byte: start,
        end_byte: end + 2,
    }
}

fn event(seq: u64, kind: EventKindRecord) -> EventRecord {
    EventRecord {
        seq,
        prev: [seq as u8; 32],
        at: 1_768_467_600_000 + seq as i64,
        actor: "bo".into(),
        kind,
        touched: vec![Touched {
            tree: "reviews".into(),
            key: b"syria-truce\0\x01\x02".to_vec(),
            hash: [9; 32],
        }],
    }
}

/// Checks one sample against its golden file; returns the file's bytes.
fn check<T: Record + PartialEq + std::fmt::Debug>(name: &str, sample: &T) -> Vec<u8> {
    let path = dir().join(format!("{name}.bin"));
    let encoded = codec::encode(sample);
    let bytes = match std::fs::read(&path) {
        Ok(bytes) => bytes,
        // A new golden file is written on first run; the FROZEN check then fails until its
        // hash is added there, which is the deliberate step.
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
            std::fs::create_dir_all(dir()).expect("golden dir");
            std::fs::write(&path, &encoded).expect("write golden file");
            encoded.clone()
        }
        Err(err) => panic!("{}: {err}", path.display()),
    };
    assert_eq!(
        codec::decode::<T>(&bytes).as_ref(),
        Ok(sample),
        "{name}: the golden file no longer decodes to its value"
    );
    assert!(
        bytes == encoded,
        "{name}: this build encodes the value differently from the golden file"
    );
    bytes
}

/// Checks that a deflated golden file still decodes to its sample. Unlike [`check`], a build need
/// not re-encode it to the same bytes: another version of the compressor may deflate differently,
/// and both must read.
fn check_deflated<T: Record + PartialEq + std::fmt::Debug>(name: &str, sample: &T) -> Vec<u8> {
    let path = dir().join(format!("{name}.bin"));
    let bytes = match std::fs::read(&path) {
        Ok(bytes) => bytes,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
            let encoded = codec::encode(sample);
            std::fs::write(&path, &encoded).expect("write golden file");
            encoded
        }
        Err(err) => panic!("{}: {err}", path.display()),
    };
    assert_eq!(bytes[2], 2, "{name}: a deflated envelope");
    assert_eq!(
        codec::decode::<T>(&bytes).as_ref(),
        Ok(sample),
        "{name}: the golden file no longer decodes to its value"
    );
    bytes
}

fn all() -> BTreeMap<&'static str, Vec<u8>> {
    let mut files = BTreeMap::new();
    files.insert(
        "format-v1",
        check(
            "format-v1",
            &FormatRecord {
                format: 1,
                created_at: 1_768_467_600_000,
                created_by: "ana".into(),
            },
        ),
    );
    files.insert(
        "head-v1",
        check(
            "head-v1",
            &HeadRecord {
                seq: 42,
                hash: [7; 32],
            },
        ),
    );
    files.insert(
        "workflow-v1",
        check(
            "workflow-v1",
            &WorkflowRecord {
                text: "name = \"default\"\ninitial = \"unverified\"\n".into(),
                hash: [3; 32],
                event_seq: 1,
            },
        ),
    );
    files.insert(
        "config-v1",
        check(
            "config-v1",
            &ConfigRecord {
                value: "The Daily Check".into(),
                event_seq: 5,
            },
        ),
    );
    files.insert(
        "article-v1",
        check(
            "article-v1",
            &ArticleRecordV1 {
                id: "syria-truce".into(),
                title: Some("Truce holds in Aleppo".into()),
                url: Some("https://example.org/syria-truce".into()),
                created_at: 1_768_467_600_000,
                created_by: "ana".into(),
                latest: 2,
                event_seq: 6,
            },
        ),
    );
    // Read by this build converted forward: no publication date.
    assert_eq!(
        codec::decode::<ArticleRecord>(&files["article-v1"]),
        Ok(ArticleRecord {
            id: "syria-truce".into(),
            title: Some("Truce holds in Aleppo".into()),
            url: Some("https://example.org/syria-truce".into()),
            created_at: 1_768_467_600_000,
            created_by: "ana".into(),
            latest: 2,
            event_seq: 6,
            published: None,
        })
    );
    files.insert(
        "article-v2",
        check(
            "article-v2",
            &ArticleRecord {
                id: "syria-truce".into(),
                title: Some("Truce holds in Aleppo".into()),
                url: Some("https://example.org/syria-truce".into()),
                created_at: 1_768_467_600_000,
                created_by: "ana".into(),
                latest: 2,
                event_seq: 6,
                published: Some("2012-03-14T09:30:00+01:00".into()),
            },
        ),
    );
    files.insert(
        "revision-v1",
        check(
            "revision-v1",
            &RevisionRecordV1 {
                article: "syria-truce".into(),
                number: 2,
                content_hash: [4; 32],
                text: "The UN said more than 8,000 people died. “We will not stop,” he said."
                    .into(),
                source: "drafts/v2.txt".into(),
                format: "text".into(),
                ingested_at: 1_768_467_600_000,
                ingested_by: "ana".into(),
                extractor: "factdesk-extract 1".into(),
                claims: vec![[5; 32], [6; 32]],
                occurrences_hash: [8; 32],
                event_seq: 6,
                raw_source: Some([10; 32]),
            },
        ),
    );
    files.insert(
        "revision-deflated-v1",
        check_deflated(
            "revision-deflated-v1",
            &RevisionRecordV1 {
                article: "syria-truce".into(),
                number: 3,
                content_hash: [4; 32],
                text: "The UN estimates more than 9,000 people have been killed since a revolt \
                       against Assad erupted a year ago. "
                    .repeat(8),
                source: "drafts/v3.txt".into(),
                format: "text".into(),
                ingested_at: 1_768_467_600_000,
                ingested_by: "ana".into(),
                extractor: "factdesk-extract 1".into(),
                claims: vec![[5; 32]],
                occurrences_hash: [8; 32],
                event_seq: 7,
                raw_source: None,
            },
        ),
    );
    // Read by this build converted forward: no date of its own.
    let v1: RevisionRecord = codec::decode(&files["revision-v1"]).expect("converted forward");
    assert_eq!(v1.published, None);
    assert_eq!(
        (v1.number, v1.event_seq, v1.raw_source),
        (2, 6, Some([10; 32]))
    );
    files.insert(
        "revision-v2",
        check(
            "revision-v2",
            &RevisionRecord {
                article: "syria-truce".into(),
                number: 2,
                content_hash: [4; 32],
                text: "The UN said more than 8,000 people died. “We will not stop,” he said."
                    .into(),
                source: "drafts/v2.txt".into(),
                format: "text".into(),
                ingested_at: 1_768_467_600_000,
                ingested_by: "ana".into(),
                extractor: "factdesk-extract 1".into(),
                claims: vec![[5; 32], [6; 32]],
                occurrences_hash: [8; 32],
                event_seq: 6,
                raw_source: Some([10; 32]),
                published: Some("2012-03-21T09:00:00+01:00".into()),
            },
        ),
    );
    files.insert(
        "claim-v1",
        check(
            "claim-v1",
            &ClaimRecordV1 {
                kind: 2,
                text: "8,000".into(),
                canonical: "number|8000|people|lower".into(),
            },
        ),
    );
    // Read by this build converted forward: its articles are all `claim_articles` rows.
    assert_eq!(
        codec::decode::<ClaimRecord>(&files["claim-v1"]),
        Ok(ClaimRecord {
            kind: 2,
            text: "8,000".into(),
            canonical: "number|8000|people|lower".into(),
            first_article: None,
        })
    );
    files.insert(
        "claim-v2",
        check(
            "claim-v2",
            &ClaimRecord {
                kind: 2,
                text: "8,000".into(),
                canonical: "number|8000|people|lower".into(),
                first_article: Some("syria-truce".into()),
            },
        ),
    );
    files.insert(
        "occurrence-quote-v1",
        check(
            "occurrence-quote-v1",
            &OccurrenceRecord {
                kind: 1,
                text: "We will not stop,".into(),
                canonical: "we will not stop".into(),
                span: span(43, 60),
                parts: vec![span(43, 60)],
                sentence: 1,
                paragraph: 0,
                sentence_text: "“We will not stop,” he said.".into(),
                speaker: Some("Bashar Jaafari".into()),
                mention: Some("he".into()),
                title: Some("ambassador".into()),
                value: None,
                low: None,
                high: None,
                unit: None,
                unit_text: None,
                qualifier: None,
                bound: None,
                phrase: String::new(),
            },
        ),
    );
    files.insert(
        "occurrence-number-v1",
        check(
            "occurrence-number-v1",
            &OccurrenceRecord {
                kind: 2,
                text: "8,000".into(),
                canonical: "number|8000|people|lower".into(),
                span: span(27, 32),
                parts: Vec::new(),
                sentence: 0,
                paragraph: 0,
                sentence_text: "The UN said more than 8,000 people died.".into(),
                speaker: None,
                mention: None,
                title: None,
                value: Some(8000.0),
                low: Some(7999.5),
                high: None,
                unit: Some("people".into()),
                unit_text: Some("people".into()),
                qualifier: Some("more than".into()),
                bound: Some("lower".into()),
                phrase: "more than 8,000 people".into(),
            },
        ),
    );
    files.insert(
        "occurrence-pack-v1",
        check(
            "occurrence-pack-v1",
            &OccurrencePack {
                initial_state: "unverified".into(),
                workflow_hash: [3; 32],
                occurrences: vec![
                    PackedOccurrence {
                        text: None,
                        span: packed(27, 32),
                        parts: None,
                        sentence: 0,
                        paragraph: 0,
                        sentence_text: SentenceRecord::At { start: 0, end: 40 },
                        detail: PackedDetail::Number {
                            value: Some(8000.0),
                            low: Some(7999.5),
                            high: None,
                            unit: Some("people".into()),
                            unit_text: Some("people".into()),
                            qualifier: Some("more than".into()),
                            bound: Some("lower".into()),
                            phrase: "more than 8,000 people".into(),
                        },
                    },
                    PackedOccurrence {
                        text: Some("We will not stop, ever".into()),
                        span: packed(43, 80),
                        parts: Some(vec![packed(43, 60), packed(70, 80)]),
                        sentence: 1,
                        paragraph: 1,
                        sentence_text: SentenceRecord::Text(
                            "“We will not stop,” he said, “ever.”".into(),
                        ),
                        detail: PackedDetail::Quote {
                            speaker: Some("Bashar Jaafari".into()),
                            mention: Some("he".into()),
                            title: None,
                        },
                    },
                ],
            },
        ),
    );
    files.insert(
        "review-v1",
        check(
            "review-v1",
            &ReviewRecordV1 {
                state: "verified".into(),
                sources: vec![remark("https://news.un.org/briefing", 3)],
                notes: vec![remark("matches the briefing", 4)],
                updated_by: "bo".into(),
                updated_at: 1_768_467_700_000,
                event_seq: 4,
                workflow_hash: [3; 32],
                last_user_of: [("source".to_owned(), "ana".to_owned())]
                    .into_iter()
                    .collect(),
                evidence: vec![EvidenceRefRecord {
                    hash: [11; 32],
                    name: "briefing.pdf".into(),
                    size: 1234,
                    by: "bo".into(),
                    at: 1_768_467_700_000,
                    seq: 4,
                }],
                carried_from: Some(changed()),
            },
        ),
    );
    // Read by this build converted forward: no curation.
    assert_eq!(
        codec::decode::<ReviewRecord>(&files["review-v1"]).map(|r| r.curation),
        Ok(CurationRecord::default())
    );
    files.insert(
        "review-v2",
        check(
            "review-v2",
            &ReviewRecord {
                state: "verified".into(),
                sources: vec![remark("https://news.un.org/briefing", 3)],
                notes: vec![remark("matches the briefing", 4)],
                updated_by: "bo".into(),
                updated_at: 1_768_467_700_000,
                event_seq: 4,
                workflow_hash: [3; 32],
                last_user_of: [("source".to_owned(), "ana".to_owned())]
                    .into_iter()
                    .collect(),
                evidence: vec![EvidenceRefRecord {
                    hash: [11; 32],
                    name: "briefing.pdf".into(),
                    size: 1234,
                    by: "bo".into(),
                    at: 1_768_467_700_000,
                    seq: 4,
                }],
                carried_from: Some(changed()),
                curation: CurationRecord {
                    added: Some(AdditionRecord {
                        revision: 2,
                        claim: [8; 32],
                        canonical: "1|year||The revolt erupted a year ago.".into(),
                        occurrence: PackedOccurrence {
                            text: Some("a year".into()),
                            span: packed(120, 126),
                            parts: None,
                            sentence: 4,
                            paragraph: 3,
                            sentence_text: SentenceRecord::Text(
                                "The revolt erupted a year ago.".into(),
                            ),
                            detail: PackedDetail::Number {
                                value: Some(1.0),
                                low: None,
                                high: None,
                                unit: Some("year".into()),
                                unit_text: Some("year".into()),
                                qualifier: None,
                                bound: Some("exact".into()),
                                phrase: "a year".into(),
                            },
                        },
                        stamp: stamp(5),
                    }),
                    speaker: Some(SpeakerFixRecord {
                        speaker: "Sergei Lavrov".into(),
                        was: Some("Foreign Ministry".into()),
                        mention: Some("the minister".into()),
                        since: 2,
                        note: Some("named in the wire copy".into()),
                        stamp: stamp(6),
                    }),
                    dismissed: Some(DismissalRecord {
                        reason: "scare-quote".into(),
                        note: None,
                        stamp: stamp(7),
                    }),
                    overridden: Some(OverrideRecord {
                        state: "disputed".into(),
                        note: "the correction runs beside it".into(),
                        stamp: stamp(8),
                    }),
                },
            },
        ),
    );
    files.insert(
        "user-v1",
        check(
            "user-v1",
            &UserRecord {
                name: "bo".into(),
                roles: vec!["editor".into()],
                password_hash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g".into(),
                disabled: false,
                created_at: 1_768_467_900_000,
                event_seq: 9,
            },
        ),
    );
    files.insert(
        "token-v1",
        check(
            "token-v1",
            &TokenRecord {
                id: "2641b92aa2ec".into(),
                owner: "bo".into(),
                secret_hash: [13; 32],
                created_at: 1_768_467_900_000,
                event_seq: 10,
            },
        ),
    );
    files.insert(
        "assignment-v1",
        check(
            "assignment-v1",
            &AssignmentRecord {
                assignee: Some("al".into()),
                by: "bo".into(),
                at: 1_768_467_900_000,
                event_seq: 11,
            },
        ),
    );
    files.insert(
        "webhook-v1",
        check(
            "webhook-v1",
            &WebhookRecord {
                id: "5be2a0c1".into(),
                url: "https://cms.example.org/hooks/factdesk?team=politics".into(),
                events: vec!["state".into(), "revision".into(), "gate".into()],
                description: Some("the CMS holds stories whose gate is closed".into()),
                secret: "fdkwh_00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff"
                    .into(),
                disabled: false,
                created_at: 1_768_467_900_000,
                created_by: "bo".into(),
                added_seq: 11,
                event_seq: 11,
            },
        ),
    );
    files.insert(
        "reference-v1",
        check(
            "reference-v1",
            &ReferenceRecord {
                claim_reviewed: "The new bridge cost more than 3 billion euros.".into(),
                claimant: Some("Mayor of Eastport".into()),
                rating_name: Some("Mostly false".into()),
                rating_value: Some("2".into()),
                best_rating: Some("5".into()),
                worst_rating: Some("1".into()),
                publisher: Some("Harbour Fact Check".into()),
                publisher_url: Some("https://factcheck.example.net".into()),
                published: Some("2025-11-02".into()),
                url: "https://factcheck.example.net/2025/bridge-cost".into(),
                appearance: Some("https://video.example.com/watch/123".into()),
                language: Some("en".into()),
                imported_by: "bo".into(),
                imported_at: 1_768_467_900_000,
                event_seq: 12,
            },
        ),
    );
    files.insert(
        "session-v1",
        check(
            "session-v1",
            &super::sessions::SessionRecord {
                user: "bo".into(),
                csrf: "5f".repeat(32),
                expires_at: 1_768_511_100_000,
            },
        ),
    );
    files.insert(
        "outbox-cursor-v1",
        check("outbox-cursor-v1", &OutboxCursorRecord { seq: 42 }),
    );
    files.insert(
        "outbox-delivery-v1",
        check(
            "outbox-delivery-v1",
            &DeliveryRecord {
                id: "12-3f9a1c0b".into(),
                webhook: "5be2a0c1".into(),
                event: "claim.state_changed".into(),
                seq: 12,
                article: Some("syria-truce".into()),
                body: r#"{"id":"12-3f9a1c0b","event":"claim.state_changed","seq":12}"#.into(),
                created_at: 1_768_467_960_000,
                status: DeliveryStatusRecord::Pending,
                next_at: 1_768_467_990_000,
                attempts: vec![
                    AttemptRecord {
                        at: 1_768_467_960_000,
                        status: Some(500),
                        error: Some("the receiver answered 500 Internal Server Error".into()),
                    },
                    AttemptRecord {
                        at: 1_768_467_990_000,
                        status: None,
                        error: Some("io: Connection refused".into()),
                    },
                ],
                round_start: 0,
            },
        ),
    );
    files.insert(
        "outbox-gate-v1",
        check(
            "outbox-gate-v1",
            &GateSeenRecord {
                ready: true,
                seq: 12,
            },
        ),
    );
    files.insert(
        "evidence-v1",
        check(
            "evidence-v1",
            &EvidenceRecord {
                name: "briefing.txt".into(),
                bytes: b"UN briefing: 8,000 dead.\n\0\xff".to_vec(),
            },
        ),
    );
    let kinds = [
        (
            "event-store-created-v1",
            EventKindRecord::StoreCreated {
                workflow: [3; 32],
                workflow_name: "default".into(),
            },
        ),
        (
            "event-revision-added-v1",
            EventKindRecord::RevisionAdded {
                article: "syria-truce".into(),
                number: 2,
                content_hash: [4; 32],
                claims: 12,
                new_claims: 2,
                changed: vec![changed()],
            },
        ),
        (
            "event-transition-v1",
            EventKindRecord::Transition {
                article: "syria-truce".into(),
                claim: [5; 32],
                transition: "verify".into(),
                from: "sourced".into(),
                to: "verified".into(),
                source: Some("https://news.un.org".into()),
                note: Some("ok".into()),
                evidence: Some([11; 32]),
                workflow: [3; 32],
            },
        ),
        (
            "event-config-set-v1",
            EventKindRecord::ConfigSet {
                key: "org.name".into(),
                value: "The Daily Check".into(),
            },
        ),
        (
            "event-workflow-changed-v1",
            EventKindRecord::WorkflowChanged {
                workflow: [12; 32],
                workflow_name: "four-eyes".into(),
                previous: [3; 32],
            },
        ),
        (
            "event-revision-added-with-pairs-v1",
            EventKindRecord::RevisionAddedWithPairs {
                article: "syria-truce".into(),
                number: 3,
                content_hash: [5; 32],
                claims: 12,
                new_claims: 1,
                changed: vec![changed()],
                realigned: vec![([6; 32], [7; 32])],
            },
        ),
    ];
    let curated = |action| EventKindRecord::Curated {
        article: "syria-truce".into(),
        claim: [8; 32],
        action,
    };
    let curations = [
        (
            "event-curated-added-v1",
            curated(CurationActionRecord::Added {
                revision: 2,
                kind: 1,
                text: "a year".into(),
                speaker: None,
            }),
        ),
        (
            "event-curated-speaker-v1",
            curated(CurationActionRecord::SpeakerCorrected {
                speaker: "Sergei Lavrov".into(),
                was: Some("Foreign Ministry".into()),
                note: Some("named in the wire copy".into()),
            }),
        ),
        (
            "event-curated-dismissed-v1",
            curated(CurationActionRecord::Dismissed {
                reason: "scare-quote".into(),
                note: None,
            }),
        ),
        (
            "event-curated-restored-v1",
            curated(CurationActionRecord::Restored {
                note: Some("it is a quote after all".into()),
            }),
        ),
        (
            "event-curated-overridden-v1",
            curated(CurationActionRecord::Overridden {
                state: "disputed".into(),
                note: "the correction runs beside it".into(),
            }),
        ),
    ];
    let retracted = (
        "event-revision-retracted-v1",
        EventKindRecord::RevisionRetracted {
            article: "syria-truce".into(),
            number: 3,
            restored: 2,
            as_revision: 4,
            note: "another story filed under this id".into(),
        },
    );
    let user_changed = |action| EventKindRecord::UserChanged {
        name: "bo".into(),
        action,
    };
    let users = [
        (
            "event-user-added-v1",
            user_changed(UserActionRecord::Added {
                roles: vec!["editor".into()],
            }),
        ),
        (
            "event-user-password-set-v1",
            user_changed(UserActionRecord::PasswordSet),
        ),
        (
            "event-user-disabled-v1",
            user_changed(UserActionRecord::Disabled),
        ),
        (
            "event-user-token-added-v1",
            user_changed(UserActionRecord::TokenAdded {
                id: "2641b92aa2ec".into(),
            }),
        ),
    ];
    let assigned = [
        (
            "event-assigned-article-v1",
            EventKindRecord::Assigned {
                article: "syria-truce".into(),
                claim: None,
                assignee: Some("bo".into()),
            },
        ),
        (
            "event-assigned-claim-v1",
            EventKindRecord::Assigned {
                article: "syria-truce".into(),
                claim: Some([6; 32]),
                assignee: Some("al".into()),
            },
        ),
        (
            "event-assignment-released-v1",
            EventKindRecord::Assigned {
                article: "syria-truce".into(),
                claim: Some([6; 32]),
                assignee: None,
            },
        ),
    ];
    let webhooks = [
        (
            "event-webhook-added-v1",
            EventKindRecord::WebhookChanged {
                id: "5be2a0c1".into(),
                action: WebhookActionRecord::Added {
                    site: "https://cms.example.org".into(),
                    events: vec!["state".into(), "gate".into()],
                    description: Some("the CMS".into()),
                },
            },
        ),
        (
            "event-webhook-removed-v1",
            EventKindRecord::WebhookChanged {
                id: "5be2a0c1".into(),
                action: WebhookActionRecord::Removed,
            },
        ),
    ];
    let references = (
        "event-references-imported-v1",
        EventKindRecord::ReferencesImported {
            count: 12,
            held: 3,
            skipped: 2,
            file: [14; 32],
        },
    );
    let kinds = kinds
        .into_iter()
        .chain(curations)
        .chain(std::iter::once(retracted))
        .chain(users)
        .chain(assigned)
        .chain(webhooks)
        .chain(std::iter::once(references));
    for (seq, (name, kind)) in kinds.enumerate() {
        files.insert(name, check(name, &event(seq as u64 + 1, kind)));
    }
    files
}

#[test]
fn golden_records_decode_to_their_values_and_encode_to_their_bytes() {
    let files = all();
    assert_eq!(files.len(), 48);
}

#[test]
fn golden_files_never_change_and_every_one_is_frozen() {
    let files = all();
    let frozen: BTreeMap<&str, &str> = FROZEN.iter().copied().collect();
    let listing: Vec<String> = std::fs::read_dir(dir())
        .expect("tests/golden/records")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    let mut missing = Vec::new();
    for name in &listing {
        let stem = name.trim_end_matches(".bin");
        let bytes = std::fs::read(dir().join(name)).expect("golden file");
        let hash = blake3::hash(&bytes).to_hex().to_string();
        match frozen.get(stem) {
            Some(pinned) => assert_eq!(
                *pinned, hash,
                "{name} changed: golden files are never changed, only added"
            ),
            None => missing.push(format!("(\"{stem}\", \"{hash}\"),")),
        }
    }
    assert!(
        missing.is_empty(),
        "add these to FROZEN in src/store/golden.rs:\n{}",
        missing.join("\n")
    );
    for name in frozen.keys() {
        assert!(
            listing.iter().any(|f| f == &format!("{name}.bin")),
            "{name}.bin is frozen but gone: golden files are never removed"
        );
    }
    assert!(files.keys().all(|k| frozen.contains_key(k)));
}

#[test]
fn an_older_reader_reports_a_newer_record_never_decodes_it() {
    for (name, bytes) in all() {
        // A newer schema of the same record type, and a newer envelope.
        for (at, value) in [(4, 3u8), (2, 3u8)] {
            let mut newer = bytes.clone();
            newer[at] = value;
            let tree = "reviews";
            let err = match name {
                n if n.starts_with("format") => decode_in::<FormatRecord>(tree, b"k", &newer).err(),
                n if n.starts_with("head") => decode_in::<HeadRecord>(tree, b"k", &newer).err(),
                n if n.starts_with("workflow") => {
                    decode_in::<WorkflowRecord>(tree, b"k", &newer).err()
                }
                n if n.starts_with("config") => decode_in::<ConfigRecord>(tree, b"k", &newer).err(),
                n if n.starts_with("article") => {
                    decode_in::<ArticleRecord>(tree, b"k", &newer).err()
                }
                n if n.starts_with("revision") => {
                    decode_in::<RevisionRecord>(tree, b"k", &newer).err()
                }
                n if n.starts_with("claim") => decode_in::<ClaimRecord>(tree, b"k", &newer).err(),
                n if n.starts_with("occurrence-pack") => {
                    decode_in::<OccurrencePack>(tree, b"k", &newer).err()
                }
                n if n.starts_with("occurrence") => {
                    decode_in::<OccurrenceRecord>(tree, b"k", &newer).err()
                }
                n if n.starts_with("review") => decode_in::<ReviewRecord>(tree, b"k", &newer).err(),
                n if n.starts_with("evidence") => {
                    decode_in::<EvidenceRecord>(tree, b"k", &newer).err()
                }
                n if n.starts_with("user") => decode_in::<UserRecord>(tree, b"k", &newer).err(),
                n if n.starts_with("token") => decode_in::<TokenRecord>(tree, b"k", &newer).err(),
                n if n.starts_with("session-") => {
                    decode_in::<super::sessions::SessionRecord>(tree, b"k", &newer).err()
                }
                n if n.starts_with("assignment-") => {
                    decode_in::<AssignmentRecord>(tree, b"k", &newer).err()
                }
                n if n.starts_with("webhook") => {
                    decode_in::<WebhookRecord>(tree, b"k", &newer).err()
                }
                n if n.starts_with("outbox-cursor") => {
                    decode_in::<OutboxCursorRecord>(tree, b"k", &newer).err()
                }
                n if n.starts_with("outbox-delivery") => {
                    decode_in::<DeliveryRecord>(tree, b"k", &newer).err()
                }
                n if n.starts_with("outbox-gate") => {
                    decode_in::<GateSeenRecord>(tree, b"k", &newer).err()
                }
                n if n.starts_with("reference-") => {
                    decode_in::<ReferenceRecord>(tree, b"k", &newer).err()
                }
                _ => decode_in::<EventRecord>(tree, b"k", &newer).err(),
            };
            match err {
                Some(err @ StoreError::NewerFormat { found, .. }) if found == u32::from(value) => {
                    assert!(
                        err.to_string().contains("written by a newer factdesk"),
                        "{name}: {err}"
                    )
                }
                other => panic!("{name} with byte {at} = {value}: {other:?}"),
            }
        }
    }
}
