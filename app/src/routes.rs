//! The browser's code in parts, one per journey of the manual: signing in (and the links sent by
//! e-mail), My Profile, and the administrators' Users & Permissions. A visit downloads the shared
//! part (the shell, the router, the reactive system) and the part of the journey it opens; the
//! other pages of that journey then open without another download, and the administrators'
//! screens reach only the people who open them. The server renders every page as before.
//!
//! `cargo leptos build --split` cuts the WASM at each `#[lazy]` function below; a build without
//! `--split` would leave the cuts unresolved, so every build of the site splits. Code that two
//! parts share goes into a small piece of its own, fetched with either. One cut per journey, not
//! per page: each cut adds glue to every piece it shares, and a first visit of My Profile with
//! a cut per page took 220 files.

use crate::help::{HelpPage, PermissionGroupsHelpPage};
use crate::notices::{AcknowledgePage, ContractPage};
use crate::onboarding::{ActivatePage, MfaSetupPage};
use crate::profile::{ActivityPage, ConfirmEmailPage, OrdersPage, ProfilePage};
use crate::recovery::{ForgotPasswordPage, ResetPasswordPage};
use crate::security::SecurityPage;
use crate::signin::{CodePage, LoginPage, ProviderStepPage};
use crate::sso::{InvalidSignInPage, RefusedPage};
use crate::users::{AddProfilePage, ContractsPage, SignInSettingsPage, GroupFormPage, GroupPage, GroupsPage, ManageUsersPage, OrgActivityPage, ProfileCardPage, UsersPage};
use leptos::prelude::*;
use leptos::lazy;
use leptos_router::LazyRoute;

/// One part: an enum naming its pages, the lazily loaded function that draws one of them, and
/// a route type per page whose view waits for that function (the part is fetched once). The
/// route's `data` is nothing: each page starts its own resources.
macro_rules! part {
    ($part:ident, $pages:ident, $preload:ident: $($route:ident => $page:ident),* $(,)?) => {
        #[derive(Clone, Copy)]
        #[allow(clippy::enum_variant_names)]
        enum $pages {
            $($page),*
        }

        #[lazy]
        fn $part(page: $pages) -> AnyView {
            match page {
                $($pages::$page => view! { <$page /> }.into_any()),*
            }
        }

        $(
            pub struct $route;

            impl LazyRoute for $route {
                fn data() -> Self {
                    Self
                }

                async fn view(_this: Self) -> AnyView {
                    $part($pages::$page).await
                }

                async fn preload() {
                    #[cfg(target_arch = "wasm32")]
                    $preload().await;
                }
            }
        )*
    };
}

part! {
    signed_out_part, SignedOutPages, __preload_signed_out_part:
    LoginRoute => LoginPage,
    CodeRoute => CodePage,
    ActivateRoute => ActivatePage,
    MfaSetupRoute => MfaSetupPage,
    ForgotPasswordRoute => ForgotPasswordPage,
    ResetPasswordRoute => ResetPasswordPage,
    AcknowledgeRoute => AcknowledgePage,
    ContractRoute => ContractPage,
    ProviderStepRoute => ProviderStepPage,
}

part! {
    my_profile_part, MyProfilePages, __preload_my_profile_part:
    ProfileRoute => ProfilePage,
    ActivityRoute => ActivityPage,
    OrdersRoute => OrdersPage,
    SecurityRoute => SecurityPage,
    ConfirmEmailRoute => ConfirmEmailPage,
    HelpRoute => HelpPage,
    PermissionGroupsHelpRoute => PermissionGroupsHelpPage,
    InvalidSignInRoute => InvalidSignInPage,
    RefusedRoute => RefusedPage,
}

part! {
    users_part, UsersPages, __preload_users_part:
    UsersRoute => UsersPage,
    AddProfileRoute => AddProfilePage,
    OrgActivityRoute => OrgActivityPage,
    ProfileCardRoute => ProfileCardPage,
    GroupsRoute => GroupsPage,
    GroupFormRoute => GroupFormPage,
    GroupRoute => GroupPage,
    ManageUsersRoute => ManageUsersPage,
    ContractsRoute => ContractsPage,
    SignInSettingsRoute => SignInSettingsPage,
}
