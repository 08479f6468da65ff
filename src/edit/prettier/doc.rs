//! Prettier's document IR and its printer, ported from `prettier/src/document` (3.x): the code
//! init generates is built as the same [`Doc`] prettier builds for it, so printing it gives
//! prettier's exact output for any `printWidth`, `tabWidth` and `useTabs`.
//!
//! Only what the generated code needs is here: no `align`, `lineSuffix`, `trim` or cursors.

use std::collections::HashMap;
use std::rc::Rc;

/// One node of prettier's document IR (`doc.builders`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Doc {
    Text(String),
    Concat(Vec<Doc>),
    Group {
        contents: Box<Doc>,
        /// `shouldBreak`, or a break propagated from a hard line inside.
        brk: bool,
        /// `conditionalGroup`: the states tried in order; then `contents` is empty and the first
        /// state stands for it (`first`), so no state is ever copied.
        expanded: Option<Vec<Doc>>,
        id: Option<u32>,
    },
    Indent(Box<Doc>),
    /// `align(n, doc)`: `n` more spaces of indentation (a tab with `useTabs` when an indent
    /// follows).
    Align(usize, Box<Doc>),
    /// `line` (`soft: false`), `softline` (`soft: true`), `hardline` (`hard: true`).
    Line {
        soft: bool,
        hard: bool,
    },
    IfBreak {
        brk: Box<Doc>,
        flat: Box<Doc>,
        group_id: Option<u32>,
    },
    /// `indentIfBreak(contents, { groupId })`.
    IndentIfBreak {
        contents: Box<Doc>,
        group_id: u32,
    },
    Fill(Vec<Doc>),
    BreakParent,
}

pub fn text(s: impl Into<String>) -> Doc {
    Doc::Text(s.into())
}
pub fn concat(parts: Vec<Doc>) -> Doc {
    Doc::Concat(parts)
}
pub fn group(d: Doc) -> Doc {
    Doc::Group {
        contents: Box::new(d),
        brk: false,
        expanded: None,
        id: None,
    }
}
pub fn group_id(d: Doc, id: u32) -> Doc {
    Doc::Group {
        contents: Box::new(d),
        brk: false,
        expanded: None,
        id: Some(id),
    }
}
pub fn group_break(d: Doc, brk: bool) -> Doc {
    Doc::Group {
        contents: Box::new(d),
        brk,
        expanded: None,
        id: None,
    }
}
/// `conditionalGroup(states)`: the first state that fits flat, else the last one broken.
pub fn conditional_group(states: Vec<Doc>) -> Doc {
    Doc::Group {
        contents: Box::new(nil()),
        brk: false,
        expanded: Some(states),
        id: None,
    }
}
pub fn indent(d: Doc) -> Doc {
    Doc::Indent(Box::new(d))
}
pub fn line() -> Doc {
    Doc::Line {
        soft: false,
        hard: false,
    }
}
pub fn softline() -> Doc {
    Doc::Line {
        soft: true,
        hard: false,
    }
}
/// `hardline`: a forced newline that breaks every enclosing group.
pub fn hardline() -> Doc {
    concat(vec![
        Doc::Line {
            soft: false,
            hard: true,
        },
        Doc::BreakParent,
    ])
}
pub fn if_break(brk: Doc, flat: Doc) -> Doc {
    Doc::IfBreak {
        brk: Box::new(brk),
        flat: Box::new(flat),
        group_id: None,
    }
}
pub fn if_break_of(brk: Doc, flat: Doc, group_id: u32) -> Doc {
    Doc::IfBreak {
        brk: Box::new(brk),
        flat: Box::new(flat),
        group_id: Some(group_id),
    }
}
pub fn indent_if_break(d: Doc, group_id: u32) -> Doc {
    Doc::IndentIfBreak {
        contents: Box::new(d),
        group_id,
    }
}
pub fn fill(parts: Vec<Doc>) -> Doc {
    Doc::Fill(parts)
}
pub fn nil() -> Doc {
    Doc::Concat(Vec::new())
}
/// `join(sep, docs)`.
pub fn join(sep: Doc, docs: Vec<Doc>) -> Doc {
    let mut out = Vec::with_capacity(docs.len() * 2);
    for (i, d) in docs.into_iter().enumerate() {
        if i > 0 {
            out.push(sep.clone());
        }
        out.push(d);
    }
    concat(out)
}

/// Where printing starts: the indentation of the line the doc goes on (its text and its width
/// in columns), and the column the first character lands in.
#[derive(Debug, Clone)]
pub struct Layout {
    pub print_width: usize,
    pub tab_width: usize,
    pub use_tabs: bool,
    pub eol: &'static str,
}

/// An indentation: the root (the line's existing indentation) and the indents and aligns added
/// on top, turned into text as Prettier's `makeIndent`/`makeAlign` do.
#[derive(Debug, Clone)]
struct Ind {
    value: String,
    width: usize,
    root: (String, usize),
    /// `None`: an indent; `Some(n)`: an align by `n`.
    queue: Vec<Option<usize>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Break,
    Flat,
}

struct Cmd<'a> {
    /// Shared: every part of a concatenation gets the same indentation.
    ind: Rc<Ind>,
    mode: Mode,
    doc: &'a Doc,
    /// For a fill: how many parts were already printed.
    fill_offset: usize,
}

fn width_of(s: &str) -> usize {
    s.chars().count()
}

/// `propagateBreaks`: a group holding a hard line breaks, and so does every group around it up
/// to a conditional group.
fn propagate(doc: &mut Doc) -> bool {
    match doc {
        Doc::BreakParent => true,
        Doc::Text(_) | Doc::Line { .. } => false,
        Doc::Concat(parts) | Doc::Fill(parts) => {
            let mut any = false;
            for p in parts {
                any |= propagate(p);
            }
            any
        }
        Doc::Indent(d) | Doc::Align(_, d) => propagate(d),
        Doc::IndentIfBreak { contents, .. } => propagate(contents),
        Doc::IfBreak { brk, flat, .. } => {
            let a = propagate(brk);
            let b = propagate(flat);
            a || b
        }
        Doc::Group {
            contents,
            brk,
            expanded,
            ..
        } => {
            let inner = match expanded {
                Some(states) => {
                    for s in states.iter_mut() {
                        propagate(s);
                    }
                    // A conditional group is not broken by what it holds.
                    false
                }
                None => propagate(contents),
            };
            if inner && !*brk {
                *brk = true;
            }
            *brk
        }
    }
}

/// Prints `doc` as prettier would, starting on a line indented by `indent` (tabs count
/// `tab_width` columns).
pub fn print(doc: &Doc, layout: &Layout, indent: &str) -> String {
    print_owned(doc.clone(), layout, indent)
}

/// [`print`], for a document the caller no longer needs (no copy is made).
pub fn print_owned(mut doc: Doc, layout: &Layout, indent: &str) -> String {
    propagate(&mut doc);
    let root_width = indent
        .chars()
        .map(|c| if c == '\t' { layout.tab_width } else { 1 })
        .sum();
    let root = Rc::new(Ind {
        value: indent.to_string(),
        width: root_width,
        root: (indent.to_string(), root_width),
        queue: Vec::new(),
    });
    let width = layout.print_width as isize;
    let mut pos = root.width as isize;
    let mut out = String::new();
    let mut group_modes: HashMap<u32, Mode> = HashMap::new();
    let mut should_remeasure = false;
    let mut cmds = vec![Cmd {
        ind: root,
        mode: Mode::Break,
        doc: &doc,
        fill_offset: 0,
    }];
    while let Some(cmd) = cmds.pop() {
        let Cmd {
            ind,
            mode,
            doc,
            fill_offset,
        } = cmd;
        match doc {
            Doc::Text(s) => {
                out.push_str(s);
                pos += width_of(s) as isize;
            }
            Doc::Concat(parts) => {
                for p in parts.iter().rev() {
                    cmds.push(Cmd {
                        ind: ind.clone(),
                        mode,
                        doc: p,
                        fill_offset: 0,
                    });
                }
            }
            Doc::Indent(d) => cmds.push(Cmd {
                ind: make_indent(&ind, layout, None),
                mode,
                doc: d,
                fill_offset: 0,
            }),
            Doc::Align(n, d) => cmds.push(Cmd {
                ind: make_indent(&ind, layout, Some(*n)),
                mode,
                doc: d,
                fill_offset: 0,
            }),
            Doc::IndentIfBreak { contents, group_id } => {
                let m = group_modes.get(group_id).copied().unwrap_or(Mode::Flat);
                let ind = if m == Mode::Break {
                    make_indent(&ind, layout, None)
                } else {
                    ind
                };
                cmds.push(Cmd {
                    ind,
                    mode,
                    doc: contents,
                    fill_offset: 0,
                });
            }
            Doc::BreakParent => {}
            Doc::Group {
                contents,
                brk,
                expanded,
                id,
            } => {
                let contents = first(contents, expanded);
                let mut handled = false;
                if mode == Mode::Flat && !should_remeasure {
                    cmds.push(Cmd {
                        ind: ind.clone(),
                        mode: if *brk { Mode::Break } else { Mode::Flat },
                        doc: contents,
                        fill_offset: 0,
                    });
                    handled = true;
                }
                if !handled {
                    should_remeasure = false;
                    let rem = width - pos;
                    let next = Cmd {
                        ind: ind.clone(),
                        mode: Mode::Flat,
                        doc: contents,
                        fill_offset: 0,
                    };
                    if !*brk && fits(&next, &cmds, rem, &group_modes, false, layout) {
                        cmds.push(next);
                    } else if let Some(states) = expanded {
                        let most = states.last().unwrap_or(contents);
                        if *brk {
                            cmds.push(Cmd {
                                ind: ind.clone(),
                                mode: Mode::Break,
                                doc: most,
                                fill_offset: 0,
                            });
                        } else {
                            let mut chosen = None;
                            let tries = states.len().saturating_sub(1);
                            for state in states.iter().take(tries).skip(1) {
                                let c = Cmd {
                                    ind: ind.clone(),
                                    mode: Mode::Flat,
                                    doc: state,
                                    fill_offset: 0,
                                };
                                if fits(&c, &cmds, rem, &group_modes, false, layout) {
                                    chosen = Some(c);
                                    break;
                                }
                            }
                            cmds.push(chosen.unwrap_or(Cmd {
                                ind: ind.clone(),
                                mode: Mode::Break,
                                doc: most,
                                fill_offset: 0,
                            }));
                        }
                    } else {
                        cmds.push(Cmd {
                            ind: ind.clone(),
                            mode: Mode::Break,
                            doc: contents,
                            fill_offset: 0,
                        });
                    }
                }
                if let Some(id) = id
                    && let Some(last) = cmds.last()
                {
                    group_modes.insert(*id, last.mode);
                }
            }
            Doc::Fill(parts) => {
                let rem = width - pos;
                let length = parts.len().saturating_sub(fill_offset);
                if length == 0 {
                    continue;
                }
                let content = &parts[fill_offset];
                let content_fits = fits(&flat(&ind, content), &[], rem, &group_modes, true, layout);
                let content_cmd = Cmd {
                    ind: ind.clone(),
                    mode: if content_fits {
                        Mode::Flat
                    } else {
                        Mode::Break
                    },
                    doc: content,
                    fill_offset: 0,
                };
                if length == 1 {
                    cmds.push(content_cmd);
                    continue;
                }
                let whitespace = &parts[fill_offset + 1];
                if length == 2 {
                    cmds.push(Cmd {
                        ind: ind.clone(),
                        mode: content_cmd.mode,
                        doc: whitespace,
                        fill_offset: 0,
                    });
                    cmds.push(content_cmd);
                    continue;
                }
                let pair = [
                    content.clone(),
                    whitespace.clone(),
                    parts[fill_offset + 2].clone(),
                ];
                let pair_doc = Doc::Concat(pair.to_vec());
                let pair_fits = fits(&flat(&ind, &pair_doc), &[], rem, &group_modes, true, layout);
                cmds.push(Cmd {
                    ind: ind.clone(),
                    mode,
                    doc,
                    fill_offset: fill_offset + 2,
                });
                cmds.push(Cmd {
                    ind: ind.clone(),
                    mode: if pair_fits { Mode::Flat } else { Mode::Break },
                    doc: whitespace,
                    fill_offset: 0,
                });
                cmds.push(content_cmd);
            }
            Doc::IfBreak {
                brk,
                flat,
                group_id,
            } => {
                let m = match group_id {
                    Some(id) => group_modes.get(id).copied().unwrap_or(Mode::Flat),
                    None => mode,
                };
                cmds.push(Cmd {
                    ind,
                    mode,
                    doc: if m == Mode::Break { brk } else { flat },
                    fill_offset: 0,
                });
            }
            Doc::Line { soft, hard } => {
                if mode == Mode::Flat && !*hard {
                    if !*soft {
                        out.push(' ');
                        pos += 1;
                    }
                    continue;
                }
                if mode == Mode::Flat {
                    should_remeasure = true;
                }
                let trimmed = out.trim_end_matches([' ', '\t']).len();
                out.truncate(trimmed);
                out.push_str(layout.eol);
                out.push_str(&ind.value);
                pos = ind.width as isize;
            }
        }
    }
    out
}

/// A group's contents: a conditional group's first state.
fn first<'d>(contents: &'d Doc, expanded: &'d Option<Vec<Doc>>) -> &'d Doc {
    expanded
        .as_ref()
        .and_then(|s| s.first())
        .unwrap_or(contents)
}

fn flat<'d>(ind: &Rc<Ind>, doc: &'d Doc) -> Cmd<'d> {
    Cmd {
        ind: ind.clone(),
        mode: Mode::Flat,
        doc,
        fill_offset: 0,
    }
}

fn make_indent(ind: &Ind, layout: &Layout, part: Option<usize>) -> Rc<Ind> {
    let mut queue = ind.queue.clone();
    queue.push(part);
    let (mut value, mut width) = ind.root.clone();
    let (mut tabs, mut spaces) = (0usize, 0usize);
    let add = |value: &mut String, width: &mut usize, tabs: usize, spaces: usize| {
        if layout.use_tabs {
            value.push_str(&"\t".repeat(tabs));
            *width += tabs * layout.tab_width;
        } else {
            value.push_str(&" ".repeat(spaces));
            *width += spaces;
        }
    };
    for p in &queue {
        match p {
            None => {
                add(&mut value, &mut width, tabs, spaces);
                tabs = 0;
                spaces = 0;
                if layout.use_tabs {
                    value.push('\t');
                } else {
                    value.push_str(&" ".repeat(layout.tab_width));
                }
                width += layout.tab_width;
            }
            Some(n) => {
                tabs += 1;
                spaces += n;
            }
        }
    }
    value.push_str(&" ".repeat(spaces));
    width += spaces;
    Rc::new(Ind {
        value,
        width,
        root: ind.root.clone(),
        queue,
    })
}

/// `fits`: whether `next` (then the rest of the line, from `rest`) fits in `width` columns.
fn fits(
    next: &Cmd<'_>,
    rest: &[Cmd<'_>],
    width: isize,
    group_modes: &HashMap<u32, Mode>,
    must_be_flat: bool,
    _layout: &Layout,
) -> bool {
    let mut width = width;
    let mut pending_space = false;
    let mut rest_idx = rest.len();
    let mut stack: Vec<(Mode, &Doc, usize)> = vec![(next.mode, next.doc, next.fill_offset)];
    while width >= 0 {
        let Some((mode, doc, offset)) = stack.pop() else {
            if rest_idx == 0 {
                return true;
            }
            rest_idx -= 1;
            let r = &rest[rest_idx];
            stack.push((r.mode, r.doc, r.fill_offset));
            continue;
        };
        match doc {
            Doc::Text(s) => {
                if !s.is_empty() {
                    if pending_space {
                        width -= 1;
                        pending_space = false;
                    }
                    width -= width_of(s) as isize;
                }
            }
            Doc::Concat(parts) => {
                for p in parts.iter().rev() {
                    stack.push((mode, p, 0));
                }
            }
            Doc::Fill(parts) => {
                for p in parts.iter().skip(offset).rev() {
                    stack.push((mode, p, 0));
                }
            }
            Doc::Indent(d) | Doc::Align(_, d) => stack.push((mode, d, 0)),
            Doc::IndentIfBreak { contents, .. } => stack.push((mode, contents, 0)),
            Doc::BreakParent => {}
            Doc::Group {
                contents,
                brk,
                expanded,
                ..
            } => {
                if must_be_flat && *brk {
                    return false;
                }
                let contents = first(contents, expanded);
                let m = if *brk { Mode::Break } else { mode };
                let d = match expanded {
                    Some(states) if m == Mode::Break => states.last().unwrap_or(contents),
                    _ => contents,
                };
                stack.push((m, d, 0));
            }
            Doc::IfBreak {
                brk,
                flat,
                group_id,
            } => {
                let m = match group_id {
                    Some(id) => group_modes.get(id).copied().unwrap_or(Mode::Flat),
                    None => mode,
                };
                stack.push((mode, if m == Mode::Break { brk } else { flat }, 0));
            }
            Doc::Line { soft, hard } => {
                if mode == Mode::Break || *hard {
                    return true;
                }
                if !*soft {
                    pending_space = true;
                }
            }
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layout(w: usize) -> Layout {
        Layout {
            print_width: w,
            tab_width: 2,
            use_tabs: false,
            eol: "\n",
        }
    }

    #[test]
    fn groups_break_only_when_too_long() {
        let d = group(concat(vec![
            text("f("),
            indent(concat(vec![
                softline(),
                text("aaaa"),
                text(","),
                line(),
                text("bbbb"),
            ])),
            softline(),
            text(")"),
        ]));
        assert_eq!(print(&d, &layout(80), ""), "f(aaaa, bbbb)");
        assert_eq!(print(&d, &layout(8), ""), "f(\n  aaaa,\n  bbbb\n)");
    }

    #[test]
    fn hard_lines_break_the_enclosing_group() {
        let d = group(concat(vec![
            text("{"),
            indent(concat(vec![hardline(), text("a")])),
            line(),
            text("}"),
        ]));
        assert_eq!(print(&d, &layout(80), "  "), "{\n    a\n  }");
    }

    #[test]
    fn fill_packs_words() {
        let d = fill(vec![text("aaa"), line(), text("bbb"), line(), text("ccc")]);
        assert_eq!(print(&d, &layout(8), ""), "aaa bbb\nccc");
    }
}
