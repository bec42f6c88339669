//! `Text`: the model's shared, immutable string, and the `Interner` that de-duplicates it.
//!
//! Results repeat the same label names and values, step names, suite names and MIME types tens
//! of thousands of times; an interned `Text` stores each once and costs 16 bytes per use. Text
//! from a report is untrusted: it is kept raw here and sanitized where it is shown. No terminal
//! dependencies.

use std::borrow::Borrow;
use std::collections::HashSet;
use std::fmt;
use std::ops::Deref;
use std::sync::Arc;

/// A cheap-to-clone, immutable string (an `Arc<str>`), compared and hashed as its text.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Text(Arc<str>);

impl Text {
    /// The text as a `&str`.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// True when both are the same allocation (interned twice from one table).
    #[must_use]
    pub fn ptr_eq(&self, other: &Text) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl Default for Text {
    fn default() -> Self {
        Text(Arc::from(""))
    }
}

impl Deref for Text {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for Text {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl Borrow<str> for Text {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&*self.0, f)
    }
}

impl fmt::Debug for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.0, f)
    }
}

impl serde::Serialize for Text {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl From<&str> for Text {
    fn from(text: &str) -> Self {
        Text(Arc::from(text))
    }
}

impl From<String> for Text {
    fn from(text: String) -> Self {
        Text(Arc::from(text))
    }
}

impl From<&String> for Text {
    fn from(text: &String) -> Self {
        Text(Arc::from(text.as_str()))
    }
}

impl From<std::borrow::Cow<'_, str>> for Text {
    fn from(text: std::borrow::Cow<'_, str>) -> Self {
        Text(Arc::from(text.as_ref()))
    }
}

impl From<Text> for String {
    fn from(text: Text) -> Self {
        text.as_str().to_owned()
    }
}

impl PartialEq<str> for Text {
    fn eq(&self, other: &str) -> bool {
        &*self.0 == other
    }
}

impl PartialEq<&str> for Text {
    fn eq(&self, other: &&str) -> bool {
        &*self.0 == *other
    }
}

impl PartialEq<String> for Text {
    fn eq(&self, other: &String) -> bool {
        &*self.0 == other.as_str()
    }
}

impl PartialEq<Text> for str {
    fn eq(&self, other: &Text) -> bool {
        self == &*other.0
    }
}

impl PartialEq<Text> for &str {
    fn eq(&self, other: &Text) -> bool {
        *self == &*other.0
    }
}

impl PartialEq<Text> for String {
    fn eq(&self, other: &Text) -> bool {
        self.as_str() == &*other.0
    }
}

/// De-duplicates texts: equal strings come back as one shared [`Text`].
#[derive(Debug, Default)]
pub struct Interner {
    set: HashSet<Text, foldhash::fast::RandomState>,
}

impl Interner {
    /// The shared copy of `text`, made on first sight.
    pub fn intern(&mut self, text: &str) -> Text {
        if let Some(found) = self.set.get(text) {
            return found.clone();
        }
        let fresh = Text::from(text);
        self.set.insert(fresh.clone());
        fresh
    }

    /// Distinct texts held.
    #[must_use]
    pub fn len(&self) -> usize {
        self.set.len()
    }

    /// True when nothing was interned.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.set.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interned_texts_share_one_allocation() {
        let mut interner = Interner::default();
        let a = interner.intern("suite");
        let b = interner.intern(&String::from("suite"));
        assert!(a.ptr_eq(&b));
        assert_eq!(interner.len(), 1);
        assert!(!a.ptr_eq(&interner.intern("other")));
    }

    #[test]
    fn compares_with_plain_strings_both_ways() {
        let t = Text::from("x");
        assert_eq!(t, "x");
        assert_eq!("x", t);
        assert_eq!(t, String::from("x"));
        assert_eq!(format!("{t}:{t:?}"), "x:\"x\"");
        assert_eq!(serde_json::to_string(&t).unwrap(), "\"x\"");
    }
}
