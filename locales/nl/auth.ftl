auth-sign-in-title = Aanmelden
auth-sign-in-intro = Meld je aan bij het { -brand } Klantenportaal met je zakelijke e-mailadres.
auth-email = E-mail
auth-password = Wachtwoord
auth-sign-in = Aanmelden
auth-signing-in = Bezig met aanmelden…
auth-signed-out = Je bent afgemeld.
auth-forgot-password = Wachtwoord vergeten?
auth-password-reset-done = Je wachtwoord is gewijzigd. Meld je aan met dat wachtwoord en de code van je authenticator-app.
auth-back-to-sign-in = Terug naar aanmelden

## Aanmelden bij de toepassingen van het ecosysteem via het portaal
sso-invalid-title = Deze aanmeldlink is niet geldig
sso-invalid-text = De toepassing die je hierheen stuurde, is niet geregistreerd bij het portaal, of ze vroeg je terug te sturen naar een adres dat ze niet registreerde. Er werd niets met haar gedeeld. Ga terug naar de toepassing en probeer opnieuw; blijft dit gebeuren, laat het dan haar support weten.
sso-back-to-profile = Naar Mijn profiel
sso-refused-page-title = Geen toegang tot deze toepassing
sso-refused-title = Je hebt geen toegang tot { $application }
sso-refused-text = Geen van je machtigingsgroepen geeft toegang tot deze toepassing, of je organisatie heeft de dienst ervan niet. Het portaal heeft je er niet aangemeld en niets met haar gedeeld.
sso-refused-who = Wie je toegang kan geven
sso-refused-no-admin = De beheerders van je organisatie beheren de machtigingsgroepen. Je organisatie heeft geen actieve beheerder in het portaal: neem contact op met Arxus via Hulp krijgen.
sso-error-unreachable = De aanmelddienst van uw organisatie is momenteel niet bereikbaar. Probeer het over enkele minuten opnieuw.
sso-error-unreachable-password = De aanmelddienst van uw organisatie is momenteel niet bereikbaar: meld u in plaats daarvan aan met uw wachtwoord, of probeer het over enkele minuten opnieuw.
sso-error-invalid = De aanmelding via de dienst van uw organisatie kon niet worden gecontroleerd, dus u bent niet aangemeld. Probeer het opnieuw.
sso-error-cancelled = De aanmelding via de dienst van uw organisatie werd geannuleerd.
sso-error-unverified = De aanmelddienst van uw organisatie heeft uw e-mailadres niet bevestigd, dus u bent niet aangemeld. Vraag het de beheerder van uw organisatie.
sso-error-unknown = U hebt nog geen account in dit portaal. Vraag de beheerder van uw organisatie om u uit te nodigen.
sso-error-disabled = Uw account is uitgeschakeld. Vraag het de beheerder van uw organisatie.
