activity-sign-in = Signed in
activity-sign-in-failed = Failed sign-in attempt
activity-sign-out = Signed out
activity-language-changed = Changed the portal language
