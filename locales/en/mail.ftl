# How every e-mail addresses its recipient: with their salutation, or by name without one.
mail-greeting = { $salutation ->
        [mr] Dear Mr. { $last }
        [ms] Dear Ms. { $last }
        [mx] Dear Mx. { $last }
        [dr] Dear Dr. { $last }
        [prof] Dear Prof. { $last }
       *[other] Dear { $first } { $last }
    }
mail-invitation-subject = Your invitation to the { -brand } Customer Portal
mail-invitation-body = { $greeting },

    You have been invited to the { -brand } Customer Portal for { $organization }.

    Open this link to choose your password and set up multifactor authentication:
    { $link }

    The link is valid for { $days } days and works once. If it has expired, ask your portal administrator for a new invitation.

    Kind regards,
    { -brand }
mail-password-reset-subject = Reset your { -brand } Customer Portal password
mail-password-reset-body = { $greeting },

    Someone asked to reset the password of your { -brand } Customer Portal account. If it was you, open this link within { $minutes } minutes:
    { $link }

    If it was not you, ignore this email: your password stays as it is.

    Kind regards,
    { -brand }
mail-password-reset-provider-subject = Signing in to the { -brand } Customer Portal
mail-password-reset-provider-body = { $greeting },

    Someone asked to reset the password of your { -brand } Customer Portal account. Your organization signs in through { $provider }, so you have no portal password: open the portal, type your e-mail address and sign in with your company account:
    { $link }

    If it was not you, ignore this email.

    Kind regards,
    { -brand }
mail-password-changed-subject = Your { -brand } Customer Portal password was changed
mail-password-changed-body = { $greeting },

    The password of your { -brand } Customer Portal account was just changed, and your other sessions were signed out.

    If you did not do this, contact your portal administrator or the { -brand } Service Desk at once.

    Kind regards,
    { -brand }
mail-mfa-changed-subject = Your multifactor authentication was changed
mail-mfa-changed-body = { $greeting },

    Multifactor authentication of your { -brand } Customer Portal account was just moved to a new authenticator, with new recovery codes.

    If you did not do this, contact your portal administrator or the { -brand } Service Desk at once.

    Kind regards,
    { -brand }
mail-email-change-subject = Confirm your new email address for the { -brand } Customer Portal
mail-email-change-body = { $greeting },

    You asked to use { $email } for your { -brand } Customer Portal account. Open this link within { $hours } hours to confirm:
    { $link }

    Until you do, you keep signing in with your current address. If it was not you, ignore this email.

    Kind regards,
    { -brand }
mail-email-change-notice-subject = Your { -brand } Customer Portal email address is being changed
mail-email-change-notice-body = { $greeting },

    Someone signed in to your { -brand } Customer Portal account asked to change its email address to { $email }. The change happens only once the link sent to that address is opened.

    If you did not do this, sign in, cancel the change under My Profile and change your password, or contact the { -brand } Service Desk.

    Kind regards,
    { -brand }
mail-notice-subject = { $kind }: { $subject }
mail-notice-intro = { -brand } sends { $organization } this notice ({ $kind }), and it reaches you as its { $role }.
mail-notice-intro-fallback = { -brand } sent { $organization } this notice ({ $kind }) for its { $missing }, but your organization has no { $missing }, so it comes to you as an administrator. Please read it, and add the missing contact under Users & Permissions.
mail-notice-acknowledge = Please confirm that you have read it by opening this link (it works once, until { $until }):
    { $link }
mail-notice-body = { $greeting },

    { $intro }

    { $subject }

    { $text }

    { $acknowledge }Kind regards,
    { -brand }
mail-notice-reminder-subject = Reminder: { $kind }: { $subject }
mail-notice-reminder-body = { $greeting },

    On { $sent }, { -brand } sent you the notice below, and nobody has acknowledged it yet.

    { $subject }

    { $text }

    { $acknowledge }Kind regards,
    { -brand }
mail-notice-unacknowledged-subject = Not acknowledged: { $kind }: { $subject }
mail-notice-unacknowledged-body = { $greeting },

    Nobody has acknowledged the notice ({ $kind }) that { -brand } sent { $organization } on { $sent }, even after a reminder. It reached: { $recipients }.

    { $subject }

    { $text }

    Please make sure it is read and acted on.

    Kind regards,
    { -brand }
mail-contract-review = Please read the document and approve or decline it by opening this link (it is yours alone and works until { $until }):
    { $link }
