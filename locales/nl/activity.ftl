activity-sign-in = Aangemeld
activity-sign-in-failed = Mislukte aanmeldpoging
activity-sign-out = Afgemeld
activity-language-changed = Taal van het portaal gewijzigd
