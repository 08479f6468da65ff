//! `convex/auth.config.{ts,js}`, read once for every command.
//!
//! [`read`] parses the file once and gives both what it evaluates to and where it is written:
//! the default export as Convex would compute it ([`eval`]: with the deployment's env for
//! `verify`, symbolically for doctor and init), each provider object with its properties (key,
//! value and their spans, the value evaluated), the `providers` array and its elements (where the
//! editor inserts), `getAuthConfigProviders()`, and every `process.env.X` read. Nothing else in
//! the tool walks this file's syntax tree: [`reader`] and [`eval`] are the only places, the
//! editor ([`editor`]) and doctor's rules use the reading, and Convex's push-time checks
//! (`crate::token::config`) run on the evaluated JSON.

mod editor;
mod eval;
mod reader;

pub use self::editor::{
    WorkosProviders, add_root_application_id, add_workos, new_file,
    remove_user_management_application_id, snippet, workos_providers,
};
pub use self::eval::{EnvLookup, EvalError, JsVal, Part, Unreadable};
pub use self::reader::{
    AuthConfig, CLIENT_ID_ENV, Element, ElementKind, EnvRef, Prop, Provider, Providers,
    ProvidersArray, read,
};
