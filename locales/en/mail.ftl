mail-invitation-subject = Your invitation to the { -brand } Customer Portal
mail-invitation-body = Hello { $name },

    You have been invited to the { -brand } Customer Portal for { $organization }.

    Open this link to choose your password and set up multifactor authentication:
    { $link }

    The link is valid for { $days } days and works once. If it has expired, ask your portal administrator for a new invitation.

    Kind regards,
    { -brand }
mail-password-reset-subject = Reset your { -brand } Customer Portal password
mail-password-reset-body = Hello { $name },

    Someone asked to reset the password of your { -brand } Customer Portal account. If it was you, open this link within { $minutes } minutes:
    { $link }

    If it was not you, ignore this email: your password stays as it is.

    Kind regards,
    { -brand }
mail-password-changed-subject = Your { -brand } Customer Portal password was changed
mail-password-changed-body = Hello { $name },

    The password of your { -brand } Customer Portal account was just changed, and your other sessions were signed out.

    If you did not do this, contact your portal administrator or the { -brand } Service Desk at once.

    Kind regards,
    { -brand }
mail-mfa-changed-subject = Your multifactor authentication was changed
mail-mfa-changed-body = Hello { $name },

    Multifactor authentication of your { -brand } Customer Portal account was just moved to a new authenticator, with new recovery codes.

    If you did not do this, contact your portal administrator or the { -brand } Service Desk at once.

    Kind regards,
    { -brand }
mail-email-change-subject = Confirm your new email address for the { -brand } Customer Portal
mail-email-change-body = Hello { $name },

    You asked to use { $email } for your { -brand } Customer Portal account. Open this link within { $hours } hours to confirm:
    { $link }

    Until you do, you keep signing in with your current address. If it was not you, ignore this email.

    Kind regards,
    { -brand }
mail-email-change-notice-subject = Your { -brand } Customer Portal email address is being changed
mail-email-change-notice-body = Hello { $name },

    Someone signed in to your { -brand } Customer Portal account asked to change its email address to { $email }. The change happens only once the link sent to that address is opened.

    If you did not do this, sign in, cancel the change under My Profile and change your password, or contact the { -brand } Service Desk.

    Kind regards,
    { -brand }
