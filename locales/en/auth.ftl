auth-sign-in-title = Sign in
auth-sign-in-intro = Sign in to the { -brand } Customer Portal with your work email address.
auth-email = Email
auth-password = Password
auth-sign-in = Sign in
auth-signing-in = Signing in…
auth-signed-out = You have been signed out.
