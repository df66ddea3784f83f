mail-invitation-subject = Je uitnodiging voor het { -brand } Klantenportaal
mail-invitation-body = Hallo { $name },

    Je bent uitgenodigd voor het { -brand } Klantenportaal van { $organization }.

    Open deze link om je wachtwoord te kiezen en meervoudige verificatie in te stellen:
    { $link }

    De link is { $days } dagen geldig en werkt één keer. Is hij verlopen, vraag dan je portaalbeheerder om een nieuwe uitnodiging.

    Met vriendelijke groet,
    { -brand }
mail-password-reset-subject = Herstel je wachtwoord voor het { -brand } Klantenportaal
mail-password-reset-body = Hallo { $name },

    Iemand vroeg om het wachtwoord van je account op het { -brand } Klantenportaal te herstellen. Was jij dat, open dan deze link binnen { $minutes } minuten:
    { $link }

    Was jij het niet, negeer dan deze e-mail: je wachtwoord blijft ongewijzigd.

    Met vriendelijke groet,
    { -brand }
mail-password-changed-subject = Je wachtwoord voor het { -brand } Klantenportaal is gewijzigd
mail-password-changed-body = Hallo { $name },

    Het wachtwoord van je account op het { -brand } Klantenportaal is net gewijzigd, en je andere sessies zijn afgemeld.

    Deed jij dit niet, neem dan meteen contact op met je portaalbeheerder of de { -brand } Service Desk.

    Met vriendelijke groet,
    { -brand }
mail-mfa-changed-subject = Je meervoudige verificatie is gewijzigd
mail-mfa-changed-body = Hallo { $name },

    De meervoudige verificatie van je account op het { -brand } Klantenportaal is net naar een nieuwe authenticator verhuisd, met nieuwe herstelcodes.

    Deed jij dit niet, neem dan meteen contact op met je portaalbeheerder of de { -brand } Service Desk.

    Met vriendelijke groet,
    { -brand }
mail-email-change-subject = Bevestig je nieuwe e-mailadres voor het { -brand } Klantenportaal
mail-email-change-body = Hallo { $name },

    Je vroeg om { $email } te gebruiken voor je account op het { -brand } Klantenportaal. Open deze link binnen { $hours } uur om dat te bevestigen:
    { $link }

    Tot dan blijf je je aanmelden met je huidige adres. Was jij het niet, negeer dan deze e-mail.

    Met vriendelijke groet,
    { -brand }
mail-email-change-notice-subject = Het e-mailadres van je account op het { -brand } Klantenportaal wordt gewijzigd
mail-email-change-notice-body = Hallo { $name },

    Iemand die op je account op het { -brand } Klantenportaal aangemeld was, heeft gevraagd om het e-mailadres ervan te wijzigen naar { $email }. De wijziging gebeurt pas zodra de link die naar dat adres is gestuurd, geopend wordt.

    Deed jij dit niet, meld je dan aan, annuleer de wijziging onder Mijn profiel en wijzig je wachtwoord, of neem contact op met de { -brand } Service Desk.

    Met vriendelijke groet,
    { -brand }
