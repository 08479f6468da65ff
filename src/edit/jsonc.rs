//! What the JSON editors check before they edit: a key written twice.
//!
//! JavaScript's `JSON.parse` (npm, the Convex CLI) keeps the last of two equal keys, while
//! jsonc-parser's CST edits the first; editing such an object would change a value nobody
//! reads. So the editors refuse it, naming the second key's position.

use jsonc_parser::ParseOptions;
use jsonc_parser::ast::Value;

/// A key written twice in one object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Duplicate {
    /// Dotted path of the object's key, e.g. `authKit.dev`.
    pub path: String,
    /// Byte offsets of the first and the second occurrence.
    pub first: usize,
    pub second: usize,
}

/// The first key written twice whose path (the keys from the root down to it; array elements
/// don't count) `in_scope` accepts; `None` if there is none or `text` doesn't parse.
pub fn duplicate_key(
    text: &str,
    options: &ParseOptions,
    in_scope: &dyn Fn(&[&str]) -> bool,
) -> Option<Duplicate> {
    let ast = jsonc_parser::parse_to_ast(text, &Default::default(), options).ok()?;
    let mut path = Vec::new();
    find(ast.value.as_ref()?, &mut path, in_scope)
}

fn find<'a>(
    value: &'a Value<'a>,
    path: &mut Vec<&'a str>,
    in_scope: &dyn Fn(&[&str]) -> bool,
) -> Option<Duplicate> {
    match value {
        Value::Object(obj) => {
            for (i, prop) in obj.properties.iter().enumerate() {
                let name = prop.name.as_str();
                let Some(second) = obj.properties[i + 1..]
                    .iter()
                    .find(|p| p.name.as_str() == name)
                else {
                    continue;
                };
                path.push(name);
                let hit = in_scope(path).then(|| Duplicate {
                    path: path.join("."),
                    first: prop.range.start,
                    second: second.range.start,
                });
                path.pop();
                if hit.is_some() {
                    return hit;
                }
            }
            for prop in &obj.properties {
                path.push(prop.name.as_str());
                let found = find(&prop.value, path, in_scope);
                path.pop();
                if found.is_some() {
                    return found;
                }
            }
            None
        }
        Value::Array(array) => array.elements.iter().find_map(|e| find(e, path, in_scope)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_second_key_in_scope_only() {
        let text = r#"{"a": 1, "b": {"x": 1, "x": 2}, "a": 3}"#;
        let all = |_: &[&str]| true;
        let d = duplicate_key(text, &ParseOptions::default(), &all).unwrap();
        assert_eq!((d.path.as_str(), d.first, d.second), ("a", 1, 32));
        let only_b = |p: &[&str]| p.first() == Some(&"b");
        let d = duplicate_key(text, &ParseOptions::default(), &only_b).unwrap();
        assert_eq!(d.path, "b.x");
        let none = |_: &[&str]| false;
        assert_eq!(duplicate_key(text, &ParseOptions::default(), &none), None);
        assert_eq!(duplicate_key("{", &ParseOptions::default(), &all), None);
    }
}
