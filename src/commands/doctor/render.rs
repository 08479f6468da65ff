//! Human output: each finding rendered like rustc/cargo by annotate-snippets (plain when
//! `NO_COLOR` is set or stdout is not a terminal), then a summary line and, with `--prod`, the
//! verdict. Everything goes to stdout through anstream; source snippets are masked first, so no
//! secret value is ever shown.

use std::io::IsTerminal;

use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};
use anstream::println;
use owo_colors::OwoColorize;

use super::diagnostic::{Diagnostic, Severity};
use super::report::{Outcome, Summary};

fn renderer() -> Renderer {
    let colour = std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        && std::io::stdout().is_terminal();
    if colour {
        Renderer::styled()
    } else {
        Renderer::plain()
    }
}

fn level(s: Severity) -> Level<'static> {
    match s {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
        Severity::Info => Level::INFO,
    }
}

fn fix_line(d: &Diagnostic) -> String {
    let how = if d.fixable() {
        "`--fix` applies this"
    } else if d.unsafe_fixable() {
        "unsafe: `--fix --unsafe-fixes` applies this"
    } else {
        "manual"
    };
    format!("{} ({how})", d.fix.summary)
}

/// One finding as rustc-style text.
pub fn finding(d: &Diagnostic, source: Option<&str>) -> String {
    let title = level(d.severity).primary_title(&d.message).id(d.code);
    let mut group = match (&d.file, &d.span, source) {
        (Some(file), Some(span), Some(text)) => {
            let mut ann = AnnotationKind::Primary.span(span.start..span.end.max(span.start));
            if let Some(l) = &d.label {
                ann = ann.label(l.as_str());
            }
            title.element(Snippet::source(text).path(file.as_str()).annotation(ann))
        }
        (Some(file), Some(span), None) => title.element(
            Origin::path(file.as_str())
                .line(span.line)
                .char_column(span.column),
        ),
        (Some(file), _, _) => title.element(Origin::path(file.as_str())),
        _ => Group::with_title(title),
    };
    group = group.element(Level::NOTE.message(format!("why: {}", d.why)));
    let mut help = fix_line(d);
    for c in &d.fix.commands {
        help.push_str(&format!("\n  {c}"));
    }
    group = group.element(Level::HELP.message(help));
    renderer().render(&[group]).to_string()
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}

pub fn summary_line(s: &Summary) -> String {
    let more = if s.unsafe_fixable > 0 {
        format!(" ({} more with --unsafe-fixes)", s.unsafe_fixable)
    } else {
        String::new()
    };
    format!(
        "{}, {}, {}; {} fixable with --fix{more}",
        plural(s.errors, "error"),
        plural(s.warnings, "warning"),
        plural(s.infos, "info"),
        s.fixable
    )
}

pub fn outcome(o: &Outcome) {
    if let Some(bytes) = o.bytes_written {
        for f in &o.fixed {
            println!("{}", crate::ui::render::colour_diff(&f.diff));
        }
        if o.fixed.is_empty() {
            println!("Nothing to fix automatically (0 bytes written)");
        } else {
            let codes: Vec<&str> = o
                .fixed
                .iter()
                .flat_map(|f| f.codes.iter().copied())
                .collect();
            let mut uniq = codes.clone();
            uniq.sort_unstable();
            uniq.dedup();
            let deleted = o.fixed.iter().filter(|f| f.action == "delete").count();
            let deleted = if deleted > 0 {
                format!("{deleted} deleted, ")
            } else {
                String::new()
            };
            println!(
                "{} Fixed {} ({}; {deleted}{bytes} bytes written); checking again",
                "✓".green(),
                plural(o.fixed.len(), "file"),
                uniq.join(", ")
            );
            let next = o.next_steps();
            if !next.is_empty() {
                println!("Then run:");
                for c in next {
                    println!("  {c}");
                }
            }
        }
        if o.unsafe_skipped > 0 {
            let (what, it) = match o.unsafe_skipped {
                1 => ("1 unsafe fix".to_string(), "it"),
                n => (format!("{n} unsafe fixes"), "them"),
            };
            println!("hint: {what} not applied: `--fix --unsafe-fixes` applies {it}");
        }
        println!();
    }
    for d in &o.findings {
        let src = d
            .file
            .as_ref()
            .and_then(|f| o.sources.get(f))
            .map(String::as_str);
        println!("{}", finding(d, src));
        println!();
    }
    if let Some(p) = &o.production {
        if p.ready {
            println!("{} {}", "Production:".bold(), "ready".green());
        } else {
            println!("{} {}, in order:", "Production:".bold(), "not ready".red());
            for (i, m) in p.missing.iter().enumerate() {
                println!("  {}. [{}] {}", i + 1, m.code, m.message);
            }
        }
        if !p.host_env.is_empty() {
            println!("Set on the host and the Convex prod deployment (doctor can't see them):");
            for h in &p.host_env {
                println!("  {:<12} {}={}", h.target, h.name, h.value);
            }
        }
        println!();
    }
    if o.findings.is_empty() {
        println!("{} No problems found", "✓".green());
    }
    println!("{}", summary_line(&o.summary()));
}

/// `--list-rules`.
pub fn list_rules() {
    for r in super::rules::RULES {
        println!(
            "{}  {:<8} {:<36} fix: {}{}",
            r.code,
            r.severity.as_str(),
            r.name,
            r.fix.as_str(),
            if r.prod_only { "  (--prod)" } else { "" }
        );
    }
}
