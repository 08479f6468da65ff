//! `docs/doctor-rules.md` is generated from the rules' doc comments; this test fails when it is
//! stale. Regenerate with `UPDATE_DOCS=1 cargo test --test doctor_docs`.

use convex_authkit::commands::doctor::rules::{RULES, markdown};

#[test]
fn rule_reference_is_up_to_date() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/doctor-rules.md");
    let want = markdown();
    if std::env::var_os("UPDATE_DOCS").is_some() {
        fs_err::write(&path, &want).unwrap();
    }
    let have = fs_err::read_to_string(&path).unwrap_or_default();
    assert!(
        have == want,
        "docs/doctor-rules.md is stale; run `UPDATE_DOCS=1 cargo test --test doctor_docs`"
    );
}

/// Every rule documents what, why (with a P-number), an example and the fix; codes are unique,
/// sorted and well-formed.
#[test]
fn every_rule_is_documented() {
    let mut last = "";
    for r in RULES {
        let doc = r.doc();
        for part in ["**What", "**Why:**", "**Example:**", "**Fix:**"] {
            assert!(doc.contains(part), "{} lacks {part}:\n{doc}", r.code);
        }
        assert!(
            doc.as_bytes()
                .windows(3)
                .any(|w| w[0] == b'P' && w[1].is_ascii_digit() && w[2].is_ascii_digit()),
            "{} cites no P-number",
            r.code
        );
        assert!(r.code.len() == 5 && r.code.starts_with("AK"), "{}", r.code);
        assert!(r.code > last, "{} out of order or duplicated", r.code);
        last = r.code;
    }
}
