#![allow(clippy::unwrap_used, clippy::expect_used)]
//! The shape of the code, checked: journeys never import each other, SQL stays in the app's
//! server modules, the operator's handle stays with the command line, files stay readable.

use std::path::{Path, PathBuf};

const FEATURES: [&str; 11] = ["help", "notices", "onboarding", "operator", "profile", "recovery", "security", "shell", "signin", "sso", "users"];

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = vec![];
    for entry in std::fs::read_dir(dir).unwrap().map(Result::unwrap) {
        let path = entry.path();
        if path.is_dir() {
            out.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
    out
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

#[test]
fn no_feature_imports_another() {
    for feature in FEATURES {
        for file in rust_files(&root().join("src").join(feature)) {
            let text = std::fs::read_to_string(&file).unwrap();
            for other in FEATURES.iter().filter(|o| **o != feature) {
                assert!(!text.contains(&format!("crate::{other}::")), "{} imports the {other} feature", file.display());
            }
        }
    }
}

/// The `(endpoint, prefix)` of each `#[server(...)]` in a source text; `None` for the
/// default prefix (`/api`, any signed-in caller).
fn server_functions(text: &str) -> Vec<(String, Option<String>)> {
    let quoted = |attr: &str, key: &str| {
        let at = attr.find(&format!("{key} = \""))? + key.len() + 4;
        attr[at..].split('"').next().map(str::to_string)
    };
    text.match_indices("#[server(")
        .filter_map(|(at, _)| text[at..].split_once(")]").map(|(attr, _)| attr))
        .filter(|attr| attr.contains("endpoint"))
        .map(|attr| (quoted(attr, "endpoint").unwrap_or_default(), quoted(attr, "prefix")))
        .collect()
}

/// The functions of Users & Permissions registered outside the prefix of the role their
/// screen needs: the Activity tab's under View organization activity's, every other one
/// under the administrators'. `file` is the path below `src/users/`.
fn misplaced_users_functions(file: &str, text: &str) -> Vec<String> {
    let want = if file == "activity.rs" { "/api/org-activity" } else { "/api/admin" };
    server_functions(text)
        .into_iter()
        .filter(|(_, prefix)| prefix.as_deref() != Some(want))
        .map(|(endpoint, prefix)| format!("{file}: {endpoint} is under {} instead of {want}", prefix.as_deref().unwrap_or("/api")))
        .collect()
}

#[test]
fn the_check_finds_a_users_function_registered_without_its_role() {
    let fixture = "#[server(prefix = \"/api/admin\", endpoint = \"kept\")]\npub async fn kept(#[server(default)] q: String) {}\n\
                   #[server(endpoint = \"forgot\")]\npub async fn forgot() {}\n\
                   #[server(prefix = \"/api/public\", endpoint = \"opened\")]\npub async fn opened() {}";
    assert_eq!(
        misplaced_users_functions("table.rs", fixture),
        vec!["table.rs: forgot is under /api instead of /api/admin", "table.rs: opened is under /api/public instead of /api/admin"]
    );
    assert_eq!(misplaced_users_functions("activity.rs", fixture).len(), 3);
}

#[test]
fn every_users_function_is_registered_under_its_roles_prefix() {
    let dir = root().join("src/users");
    let mut found = 0;
    for file in rust_files(&dir) {
        let text = std::fs::read_to_string(&file).unwrap();
        let rel = file.strip_prefix(&dir).unwrap().to_string_lossy().to_string();
        found += server_functions(&text).len();
        assert_eq!(misplaced_users_functions(&rel, &text), Vec::<String>::new());
    }
    assert!(found >= 21, "the scan finds the functions: {found}");
    // The prefixes named here are the ones the gate enforces.
    let prefixes: Vec<&str> = crate::platform::endpoints::ROLE_PREFIXES.iter().map(|(p, _)| p.trim_end_matches('/')).collect();
    assert_eq!(prefixes, ["/api/admin", "/api/org-activity"]);
}

#[test]
fn no_sql_and_no_pool_in_the_server_crate() {
    for file in rust_files(&root().join("../server/src")) {
        let text = std::fs::read_to_string(&file).unwrap();
        for forbidden in ["sqlx::", "SELECT ", "INSERT ", "UPDATE ", "DELETE "] {
            assert!(!text.contains(forbidden), "{} contains {forbidden:?}", file.display());
        }
    }
}

#[test]
fn only_the_command_line_opens_the_operators_handle() {
    let allowed = |p: &Path| {
        let s = p.to_string_lossy();
        s.contains("/src/operator/") || s.contains("/platform/ssr/") || s.ends_with("server/src/main.rs") || s.ends_with("server/src/demo.rs") || s.ends_with("server/src/idp_commands.rs")
    };
    let mut files = rust_files(&root().join("src"));
    files.extend(rust_files(&root().join("../server/src")));
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        if text.contains(concat!("Operator", "Db")) {
            assert!(allowed(&file), "{} uses the operator's handle", file.display());
        }
    }
}

/// Every kind of activity line the code writes has a sentence in every language.
#[test]
fn every_activity_kind_has_a_description() {
    let mut kinds = std::collections::BTreeSet::new();
    // Activity is written on the server only.
    for file in rust_files(&root().join("src")).into_iter().filter(|f| f.to_string_lossy().contains("ssr")) {
        let text = std::fs::read_to_string(&file).unwrap();
        for marker in ["record_about(", "record_own(\"", "kind: \"", "let kind = if ", "record(state, \"", "record(&state, \""] {
            for (at, _) in text.match_indices(marker) {
                let rest = &text[at + marker.len()..];
                let line = rest.lines().next().unwrap_or("");
                // The first quoted word(s) on the line: `"sign-in"`, or both arms of an `if`.
                let quoted: Vec<&str> = line.split('"').skip(usize::from(!marker.ends_with('"'))).step_by(2).collect();
                for k in quoted.into_iter().take(2) {
                    if !k.is_empty() && k.chars().all(|c| c.is_ascii_lowercase() || c == '-') {
                        kinds.insert(k.to_string());
                    }
                }
            }
        }
    }
    assert!(kinds.len() > 20, "the scan finds the kinds: {kinds:?}");
    let listed = crate::i18n::activity_kinds();
    for k in &kinds {
        assert!(listed.contains(&k.as_str()), "{k} is missing from locales/en/activity.ftl (the Kind of action filter)");
    }
    for lang in crate::i18n::Lang::ALL {
        for k in &kinds {
            let id = format!("activity-{k}");
            assert_ne!(crate::i18n::translate(lang, &id), id, "{id} has no {lang:?} text");
        }
    }
}

#[test]
fn files_stay_under_about_400_lines() {
    let mut files = rust_files(&root().join("src"));
    files.extend(rust_files(&root().join("../server/src")));
    for file in files {
        let lines = std::fs::read_to_string(&file).unwrap().lines().count();
        assert!(lines <= 450, "{} has {lines} lines: split it by screen or concern", file.display());
    }
}

/// The floors of the kernel's server half (`platform/ssr/`), lowest first. A file imports only
/// from its own floor or lower ones; `mod.rs`'s helpers are on the ground floor.
const FLOORS: [&[&str]; 3] = [
    &["mod", "state", "access", "recipient", "hash_pool", "time", "phone", "cookies", "reply", "sealed"],
    &["activity", "api_keys", "backchannel", "clients", "contact_links", "credentials", "grants", "links", "mail", "session", "signed_in", "signing", "totp"],
    &["account", "federation"],
];

fn floor_of(module: &str) -> Option<usize> {
    FLOORS.iter().position(|f| f.contains(&module))
}

/// The names a source text takes from the kernel's top level: `super::x` (`super::super::x`
/// inside a folder) and `crate::platform::ssr::x`, with `{a, b}` groups opened.
fn kernel_names(text: &str, in_folder: bool) -> Vec<String> {
    let prefixes: &[&str] = if in_folder { &["super::super::", "crate::platform::ssr::"] } else { &["super::", "crate::platform::ssr::"] };
    let mut out = vec![];
    for prefix in prefixes {
        for (at, _) in text.match_indices(prefix) {
            // `super::super::x` read with the `super::` prefix is the folder's parent: skipped.
            let rest = &text[at + prefix.len()..];
            if !in_folder && at >= 7 && &text[at - 7..at] == "super::" {
                continue;
            }
            if let Some(group) = rest.strip_prefix('{') {
                let inner = group.split('}').next().unwrap_or_default();
                out.extend(inner.split(',').map(|n| n.trim().split("::").next().unwrap_or_default().to_string()));
            } else {
                let name: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
                if name != "super" {
                    out.push(name);
                }
            }
        }
    }
    out.retain(|n| !n.is_empty() && n != "self");
    out
}

/// The module each name re-exported by the kernel's `mod.rs` comes from (`pub use x::{A, B}`).
fn reexports(mod_rs: &str) -> std::collections::HashMap<String, String> {
    let mut out = std::collections::HashMap::new();
    for line in mod_rs.lines().filter_map(|l| l.trim().strip_prefix("pub use ")) {
        let Some((module, items)) = line.trim_end_matches(';').split_once("::") else { continue };
        for item in items.trim_matches(|c| c == '{' || c == '}').split(',') {
            out.insert(item.trim().to_string(), module.to_string());
        }
    }
    out
}

/// The imports of a kernel file (`module` is its floor's name) from a floor above its own.
fn upward_imports(module: &str, in_folder: bool, text: &str, reexported: &std::collections::HashMap<String, String>) -> Vec<String> {
    let own = floor_of(module).unwrap_or_else(|| panic!("{module} is on no floor: add it to FLOORS"));
    // `mod.rs` declares and re-exports every module: only its code is looked at.
    let code: String = text.lines().filter(|l| !(module == "mod" && (l.starts_with("pub use ") || l.contains("mod ")))).collect::<Vec<_>>().join("\n");
    let mut out = vec![];
    for name in kernel_names(&code, in_folder) {
        let from = reexported.get(&name).map(String::as_str).unwrap_or(name.as_str());
        if let Some(floor) = floor_of(from) {
            if floor > own {
                out.push(format!("{module} (floor {own}) imports {name} (floor {floor})"));
            }
        }
    }
    out
}

#[test]
fn the_check_finds_an_import_from_a_floor_above() {
    let reexported = reexports("pub use session::{pending_session, Pending};\npub use account::{activation, email_change};");
    assert_eq!(upward_imports("access", false, "use super::state::AppState;\nuse super::{internal, new_id};", &reexported), Vec::<String>::new());
    assert_eq!(
        upward_imports("access", false, "use super::links::Purpose;\nfn f() { super::Pending::x(); crate::platform::ssr::activation::invite(); }", &reexported),
        vec!["access (floor 0) imports links (floor 1)", "access (floor 0) imports Pending (floor 1)", "access (floor 0) imports activation (floor 2)"]
    );
    assert_eq!(upward_imports("account", true, "use super::super::mail::Person;\nuse super::set_password;", &reexported), Vec::<String>::new());
}

#[test]
fn the_kernel_imports_only_from_its_own_floor_or_lower() {
    let dir = root().join("src/platform/ssr");
    let reexported = reexports(&std::fs::read_to_string(dir.join("mod.rs")).unwrap());
    let mut seen = 0;
    for file in rust_files(&dir) {
        let rel = file.strip_prefix(&dir).unwrap();
        let in_folder = rel.components().count() > 1;
        let module = rel.components().next().unwrap().as_os_str().to_string_lossy().trim_end_matches(".rs").to_string();
        let text = std::fs::read_to_string(&file).unwrap();
        assert_eq!(upward_imports(&module, in_folder, &text, &reexported), Vec::<String>::new(), "{}", rel.display());
        seen += 1;
    }
    assert!(seen >= 15, "the scan reads the kernel: {seen} files");
}

#[test]
fn no_feature_reaches_a_pool() {
    let mut files = rust_files(&root().join("src"));
    files.extend(rust_files(&root().join("../server/src")));
    for file in files {
        let s = file.to_string_lossy();
        // The kernel alone; the operator's code runs its statements through its handle too.
        if s.contains("/platform/ssr/") || s.ends_with("architecture.rs") {
            continue;
        }
        let text = std::fs::read_to_string(&file).unwrap();
        for forbidden in [".db()", "db.pool", "AnyPool"] {
            assert!(!text.contains(forbidden), "{} uses {forbidden}: run statements through the handle", file.display());
        }
    }
}

/// The placeholders of the `VALUES (...)` lists in `text` that hold more than `most` of them.
fn long_values_lists(text: &str, most: usize) -> Vec<String> {
    text.match_indices("VALUES (")
        .filter_map(|(at, _)| {
            let list = &text[at..];
            let list = &list[..list.find(')').unwrap_or(list.len())];
            (list.matches('$').count() > most).then(|| list.to_string())
        })
        .collect()
}

#[test]
fn long_inserts_name_their_columns_next_to_their_values() {
    let caught = long_values_lists(r#"sqlx::query("INSERT INTO t (a, b, c, d, e, f) VALUES ($1, $2, $3, $4, $5, $6)")"#, 5);
    assert_eq!(caught.len(), 1, "the scan finds a long positional insert");
    let mut files = rust_files(&root().join("src"));
    files.extend(rust_files(&root().join("../server/src")));
    for file in files {
        if file.ends_with("architecture.rs") {
            continue;
        }
        let text = std::fs::read_to_string(&file).unwrap();
        let long = long_values_lists(&text, 5);
        assert!(long.is_empty(), "{}: {long:?}: build the row with `.insert(table).value(column, value)`", file.display());
    }
}

#[test]
fn the_browser_module_is_a_leaf() {
    let text = std::fs::read_to_string(root().join("src/browser.rs")).unwrap();
    assert!(!text.contains("crate::"), "browser.rs takes strings and gives strings: it imports nothing of the portal");
}

#[test]
fn every_route_has_a_title_of_its_own() {
    let lib = std::fs::read_to_string(root().join("src/lib.rs")).unwrap();
    let paths: Vec<&str> = lib.split("path!(\"").skip(1).filter_map(|rest| rest.split('"').next()).collect();
    assert!(paths.len() > 20, "the scan finds the routes: {paths:?}");
    for path in paths {
        let parts = crate::title_parts(path);
        assert_ne!(parts, ["page-not-found"], "{path} has no title: add it to title_parts");
        for lang in crate::i18n::Lang::ALL {
            for id in parts {
                assert_ne!(crate::i18n::translate(lang, id), *id, "{id} has no {lang:?} text");
            }
        }
    }
    assert_eq!(crate::title_parts("/users/groups"), ["users-tab-groups", "users-title"]);
}
