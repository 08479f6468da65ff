//! Framework recipes.
//!
//! A recipe says everything that differs between frameworks: how to recognise the app, its env
//! files, names and packages, how to find the dev port and the provider tree, and the client-side
//! codemods. The app model ([`crate::app`]) and every command only talk to this trait, so adding
//! Next.js or TanStack Start means adding one module here and one line in [`RECIPES`].
//!
//! Recipes read the app through [`crate::files::Files`] (each file read once) and never import the app model
//! or a command.

pub mod auth_button;
pub mod dev_port;
pub mod nextjs;
pub mod react_vite;
pub mod recipe;
pub mod route_matcher;
pub mod scripts;
pub mod tanstack_start;
pub mod users_hook;
pub mod vite;

pub use recipe::*;

use crate::edit::package_json::PackageJson;
use crate::error::UserError;

/// Each app matches at most one recipe (a Next.js app with Vite for its tests is Next's).
pub static RECIPES: &[&dyn Recipe] = &[
    &nextjs::NextJs,
    &tanstack_start::TanStackStart,
    &react_vite::ReactVite,
];

/// The recipe for this app, or an error that names what was found.
pub fn select(pkg: &PackageJson) -> Result<&'static dyn Recipe, UserError> {
    RECIPES.iter().copied().find(|r| r.matches(pkg)).ok_or_else(|| {
        UserError::new(
            crate::error::ErrorKind::Project,
            "no supported framework found in `package.json` (expected `next`, `@tanstack/react-start`, or `vite` and `react`)",
        )
        .hint("run `convex-authkit init` in a Convex + Next.js, TanStack Start or React (Vite) app, e.g. one made by `npm create convex@latest`")
    })
}
