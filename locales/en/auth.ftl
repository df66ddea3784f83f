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
