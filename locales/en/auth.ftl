auth-sign-in-title = Sign in
auth-sign-in-intro = Sign in to the { -brand } Customer Portal with your work email address.
auth-email = Email
auth-password = Password
auth-sign-in = Sign in
auth-signing-in = Signing in…
auth-signed-out = You have been signed out.
auth-forgot-password = Forgot your password?
auth-password-reset-done = Your password has been changed. Sign in with it and your authenticator code.
auth-back-to-sign-in = Back to sign in

## Signing in to the ecosystem's applications through the portal
sso-invalid-title = This sign-in link is not valid
sso-invalid-text = The application that sent you here is not registered with the portal, or it asked to send you back to an address it did not register. Nothing was shared with it. Go back to the application and try again; if this keeps happening, tell its support.
sso-back-to-profile = Go to My Profile
sso-refused-page-title = No access to this application
sso-refused-title = You don't have access to { $application }
sso-refused-text = None of your permission groups gives access to this application, or your organization does not have its service. The portal did not sign you in to it and shared nothing with it.
sso-refused-who = Who can give you access
sso-refused-no-admin = Your organization's administrators manage permission groups. Your organization has no active administrator in the portal: contact Arxus through Get help.
sso-error-unreachable = Your organization's sign-in service cannot be reached right now. Try again in a few minutes.
sso-error-unreachable-password = Your organization's sign-in service cannot be reached right now: sign in with your password instead, or try again in a few minutes.
sso-error-invalid = The sign-in through your organization's service could not be verified, so you are not signed in. Try again.
sso-error-cancelled = The sign-in through your organization's service was cancelled.
sso-error-unverified = Your organization's sign-in service did not confirm your e-mail address, so you are not signed in. Ask your organization's administrator.
sso-error-unknown = You have no account in this portal yet. Ask your organization's administrator to invite you.
sso-error-disabled = Your account is disabled. Ask your organization's administrator.
