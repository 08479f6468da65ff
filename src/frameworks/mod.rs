//! Framework recipes.
//!
//! A recipe says everything that differs between frameworks: how to recognise the app, its env
//! files, names and packages, how to find the dev port and the provider tree, and the client-side
//! codemods. The app model ([`crate::app`]) and every command only talk to this trait, so adding
//! Next.js or TanStack Start means adding one module here and one line in [`RECIPES`].
//!
//! Recipes read the app through [`crate::files::Files`] (each file read once) and never import the app model
//! or a command.

pub mod nextjs;
pub mod react_vite;
pub mod recipe;
pub mod route_matcher;
pub mod scripts;
pub mod users_hook;
pub mod vite;

pub use recipe::*;

use crate::edit::package_json::PackageJson;
use crate::error::UserError;

/// Each app matches at most one recipe (a Next.js app with Vite for its tests is Next's).
pub static RECIPES: &[&dyn Recipe] = &[&nextjs::NextJs, &react_vite::ReactVite];

/// Frameworks recognised but not yet supported, so the error can say so plainly.
const NOT_YET: &[(&str, &str)] = &[
    ("@tanstack/react-start", "TanStack Start"),
    ("@tanstack/start", "TanStack Start"),
];

/// The recipe for this app, or an error that names what was found.
pub fn select(pkg: &PackageJson) -> Result<&'static dyn Recipe, UserError> {
    for (dep, name) in NOT_YET {
        if pkg.has_dep(dep) {
            return Err(UserError::new(
                crate::error::ErrorKind::Project,
                format!("{name} apps are not supported yet (found `{dep}` in `package.json`)"),
            )
            .hint("convex-authkit supports React (Vite) and Next.js (App Router) today; TanStack Start is planned"));
        }
    }
    RECIPES.iter().copied().find(|r| r.matches(pkg)).ok_or_else(|| {
        UserError::new(
            crate::error::ErrorKind::Project,
            "no supported framework found in `package.json` (expected `next`, or `vite` and `react`)",
        )
        .hint("run `convex-authkit init` in a Convex + Next.js or React (Vite) app, e.g. one made by `npm create convex@latest`")
    })
}
