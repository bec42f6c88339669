use super::*;

fn compiles(java: &str) -> fancy_regex::Regex {
    let rust = translate_matches(java).unwrap_or_else(|e| panic!("{java}: {e}"));
    fancy_regex::Regex::new(&rust).unwrap_or_else(|e| panic!("{java} -> {rust}: {e}"))
}

#[test]
fn quote_and_literals() {
    let re = compiles(r"\Q(1+1)*[x]\E.*");
    assert!(re.is_match("(1+1)*[x] done").unwrap());
    assert!(!re.is_match("11*x done").unwrap());
}

#[test]
fn syntax_errors_are_javas() {
    for bad in [r"\y", "(a", "[a", "*a", "a{,2}", r"a\Eb", "a**"] {
        assert!(
            matches!(translate_matches(bad), Err(JavaRegexError::Syntax(_))),
            "{bad}"
        );
    }
}
