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
