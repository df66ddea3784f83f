auth-sign-in-title = Aanmelden
auth-sign-in-intro = Meld je aan bij het { -brand } Klantenportaal met je zakelijke e-mailadres.
auth-email = E-mail
auth-password = Wachtwoord
auth-sign-in = Aanmelden
auth-signing-in = Bezig met aanmelden…
auth-signed-out = Je bent afgemeld.
