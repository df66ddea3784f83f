//! Every page is its own lazily loaded part of the browser's code. A visit downloads the shared
//! part (the shell, the router, the reactive system) and the part of the page it opens; the
//! administrators' screens reach only the people who open them. The server renders every page
//! as before. `cargo leptos build --split` cuts the WASM at each `view` below; a build without
//! `--split` would leave the cuts unresolved, so every build of the site splits.

use crate::help::HelpPage;
use crate::onboarding::{ActivatePage, MfaSetupPage};
use crate::profile::{ActivityPage, ConfirmEmailPage, OrdersPage, ProfilePage};
use crate::recovery::{ForgotPasswordPage, ResetPasswordPage};
use crate::security::SecurityPage;
use crate::signin::{CodePage, LoginPage};
use crate::users::{AddProfilePage, GroupFormPage, GroupPage, GroupsPage, ManageUsersPage, OrgActivityPage, ProfileCardPage, UsersPage};
use leptos::prelude::*;
use leptos_router::{lazy_route, LazyRoute};

/// One route type per page. The page's code is fetched while the route's `data` (nothing here:
/// each page starts its own resources) is made, so the two do not wait on each other.
macro_rules! lazy_pages {
    ($($route:ident => $page:ident),* $(,)?) => {$(
        pub struct $route;

        #[lazy_route]
        impl LazyRoute for $route {
            fn data() -> Self {
                Self
            }

            fn view(_this: Self) -> AnyView {
                view! { <$page /> }.into_any()
            }
        }
    )*};
}

lazy_pages! {
    LoginRoute => LoginPage,
    CodeRoute => CodePage,
    ActivateRoute => ActivatePage,
    MfaSetupRoute => MfaSetupPage,
    ForgotPasswordRoute => ForgotPasswordPage,
    ResetPasswordRoute => ResetPasswordPage,
    ProfileRoute => ProfilePage,
    ActivityRoute => ActivityPage,
    OrdersRoute => OrdersPage,
    SecurityRoute => SecurityPage,
    ConfirmEmailRoute => ConfirmEmailPage,
    HelpRoute => HelpPage,
    UsersRoute => UsersPage,
    AddProfileRoute => AddProfilePage,
    OrgActivityRoute => OrgActivityPage,
    ProfileCardRoute => ProfileCardPage,
    GroupsRoute => GroupsPage,
    GroupFormRoute => GroupFormPage,
    GroupRoute => GroupPage,
    ManageUsersRoute => ManageUsersPage,
}
