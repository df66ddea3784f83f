# How every e-mail addresses its recipient: with their salutation, or by name without one.
mail-greeting = { $salutation ->
        [mr] Geachte heer { $last }
        [ms] Geachte mevrouw { $last }
        [mx] Beste { $first } { $last }
        [dr] Geachte dr. { $last }
        [prof] Geachte prof. { $last }
       *[other] Beste { $first } { $last }
    }
mail-invitation-subject = Je uitnodiging voor het { -brand } Klantenportaal
mail-invitation-body = { $greeting },

    Je bent uitgenodigd voor het { -brand } Klantenportaal van { $organization }.

    Open deze link om je wachtwoord te kiezen en meervoudige verificatie in te stellen:
    { $link }

    De link is { $days } dagen geldig en werkt één keer. Is hij verlopen, vraag dan je portaalbeheerder om een nieuwe uitnodiging.

    Met vriendelijke groet,
    { -brand }
mail-password-reset-subject = Herstel je wachtwoord voor het { -brand } Klantenportaal
mail-password-reset-body = { $greeting },

    Iemand vroeg om het wachtwoord van je account op het { -brand } Klantenportaal te herstellen. Was jij dat, open dan deze link binnen { $minutes } minuten:
    { $link }

    Was jij het niet, negeer dan deze e-mail: je wachtwoord blijft ongewijzigd.

    Met vriendelijke groet,
    { -brand }
mail-password-reset-provider-subject = Aanmelden bij het { -brand } Klantenportaal
mail-password-reset-provider-body = { $greeting },

    Iemand vroeg om het wachtwoord van je account op het { -brand } Klantenportaal te herstellen. Je organisatie meldt zich aan via { $provider }, dus je hebt geen wachtwoord voor het portaal: open het portaal, vul je e-mailadres in en meld je aan met je bedrijfsaccount:
    { $link }

    Was jij het niet, negeer dan deze e-mail.

    Met vriendelijke groet,
    { -brand }
mail-password-changed-subject = Je wachtwoord voor het { -brand } Klantenportaal is gewijzigd
mail-password-changed-body = { $greeting },

    Het wachtwoord van je account op het { -brand } Klantenportaal is net gewijzigd, en je andere sessies zijn afgemeld.

    Deed jij dit niet, neem dan meteen contact op met je portaalbeheerder of de { -brand } Service Desk.

    Met vriendelijke groet,
    { -brand }
mail-mfa-changed-subject = Je meervoudige verificatie is gewijzigd
mail-mfa-changed-body = { $greeting },

    De meervoudige verificatie van je account op het { -brand } Klantenportaal is net naar een nieuwe authenticator verhuisd, met nieuwe herstelcodes.

    Deed jij dit niet, neem dan meteen contact op met je portaalbeheerder of de { -brand } Service Desk.

    Met vriendelijke groet,
    { -brand }
mail-email-change-subject = Bevestig je nieuwe e-mailadres voor het { -brand } Klantenportaal
mail-email-change-body = { $greeting },

    Je vroeg om { $email } te gebruiken voor je account op het { -brand } Klantenportaal. Open deze link binnen { $hours } uur om dat te bevestigen:
    { $link }

    Tot dan blijf je je aanmelden met je huidige adres. Was jij het niet, negeer dan deze e-mail.

    Met vriendelijke groet,
    { -brand }
mail-email-change-notice-subject = Het e-mailadres van je account op het { -brand } Klantenportaal wordt gewijzigd
mail-email-change-notice-body = { $greeting },

    Iemand die op je account op het { -brand } Klantenportaal aangemeld was, heeft gevraagd om het e-mailadres ervan te wijzigen naar { $email }. De wijziging gebeurt pas zodra de link die naar dat adres is gestuurd, geopend wordt.

    Deed jij dit niet, meld je dan aan, annuleer de wijziging onder Mijn profiel en wijzig je wachtwoord, of neem contact op met de { -brand } Service Desk.

    Met vriendelijke groet,
    { -brand }
mail-notice-subject = { $kind }: { $subject }
mail-notice-intro = { -brand } stuurt { $organization } dit bericht ({ $kind }), en het bereikt u als { $role }.
mail-notice-intro-fallback = { -brand } stuurde { $organization } dit bericht ({ $kind }) voor de { $missing }, maar uw organisatie heeft er geen, dus bereikt het u als beheerder. Lees het en voeg het ontbrekende contact toe onder Gebruikers en machtigingen.
mail-notice-acknowledge = Bevestig dat u het gelezen hebt door deze link te openen (hij werkt één keer, tot { $until }):
    { $link }
mail-notice-body = { $greeting },

    { $intro }

    { $subject }

    { $text }

    { $acknowledge }Met vriendelijke groet,
    { -brand }
mail-notice-reminder-subject = Herinnering: { $kind }: { $subject }
mail-notice-reminder-body = { $greeting },

    Op { $sent } stuurde { -brand } u het onderstaande bericht, en niemand heeft de ontvangst al bevestigd.

    { $subject }

    { $text }

    { $acknowledge }Met vriendelijke groet,
    { -brand }
mail-notice-unacknowledged-subject = Niet bevestigd: { $kind }: { $subject }
mail-notice-unacknowledged-body = { $greeting },

    Niemand heeft de ontvangst bevestigd van het bericht ({ $kind }) dat { -brand } op { $sent } aan { $organization } stuurde, ook niet na een herinnering. Het ging naar: { $recipients }.

    { $subject }

    { $text }

    Zorg ervoor dat het gelezen en opgevolgd wordt.

    Met vriendelijke groet,
    { -brand }
mail-contract-review = Lees het document en keur het goed of wijs het af via deze link (hij is alleen voor u en werkt tot { $until }):
    { $link }
