# Gebruikers en machtigingen: het tabblad Machtigingsgroepen, een groep, "Machtigingsgroep toevoegen", "Gebruikers beheren".
users-tab-groups = Machtigingsgroepen
groups-intro = De machtigingen van een persoon zijn alles wat de eigen groepen samen toekennen. Ingebouwde groepen worden geleverd door { -brand }; je kunt je eigen groepen toevoegen.
groups-add = Machtigingsgroep toevoegen
groups-edit-title = Machtigingsgroep bewerken
groups-col-name = Naam
groups-col-description = Beschrijving
groups-col-grants = Wat de groep toekent
groups-col-members = Leden
groups-member-count = { $count ->
    [one] 1 lid
   *[other] { $count } leden
}
groups-built-in = Ingebouwd
groups-built-in-reason = Alleen-lezen: deze groep wordt geleverd door { -brand }. Je kunt de gebruikers ervan beheren.
groups-grants-nothing = Nog niets
groups-grants-none = Geen
groups-deleted = De machtigingsgroep is verwijderd.
groups-saved = De machtigingsgroep is opgeslagen. Dit geldt voor iedereen vanaf het volgende verzoek.
groups-members-saved = De gebruikers van de groep zijn bijgewerkt. Dit geldt vanaf hun volgende verzoek.
groups-back-to-list = Terug naar machtigingsgroepen
groups-back-to-group = Terug naar de groep
groups-sections = Machtigingsgroep
groups-tab-roles = Rollen
groups-tab-users = Gebruikers
groups-portal-roles = Portaalrollen
groups-portal-roles-hint = Wat leden in dit portaal mogen doen.
groups-application-roles = Applicatierollen
groups-application-roles-hint = Welke andere applicaties van { -brand } leden mogen gebruiken.
groups-name = Naam
groups-description = Beschrijving
groups-step-define = Naam en rollen
groups-step-choose = Gebruikers kiezen
groups-review-new = Controleer de nieuwe groep. Bij "Bevestigen" is ze meteen beschikbaar.
groups-review-edit = Controleer de wijziging en voor wie ze gevolgen heeft. Bij "Bevestigen" geldt ze voor elke persoon vanaf diens volgende verzoek.
groups-was = voorheen
groups-role-added = Toegevoegd:
groups-role-removed = Verwijderd:
groups-impact = Voor wie de toegang verandert
groups-impact-none = Voor niemand verandert de toegang.
groups-gains = Krijgt erbij
groups-loses = Verliest
groups-delete = Groep verwijderen
groups-delete-title = Deze machtigingsgroep verwijderen?
groups-delete-lost = { $count ->
    [one] Het enige lid verliest wat deze groep toekent, tenzij het dat ook via een andere groep krijgt.
   *[other] De { $count } leden verliezen wat deze groep toekent, tenzij ze dat ook via een andere groep krijgen.
}
groups-delete-confirm = De groep verwijderen
groups-manage-users = Gebruikers beheren
groups-no-members = Nog geen gebruikers in deze groep.
groups-search-users = Gebruikers zoeken
groups-search = Zoeken
groups-picker-hint = Typ een deel van een naam of e-mailadres. In de lijst verplaats je je met de pijltoetsen; met de spatiebalk voeg je iemand toe of verwijder je iemand.
groups-picker-label = Gebruikers van de organisatie
groups-in-group = In deze groep
groups-no-candidates = Geen enkele gebruiker komt overeen.
groups-tick-to-add = Vink de gebruikers aan die je wilt toevoegen
groups-tick-to-remove = Gebruikers in deze groep: vink aan wie je wilt verwijderen
groups-to-add = { $count ->
    [one] 1 gebruiker toe te voegen:
   *[other] { $count } gebruikers toe te voegen:
}
groups-to-remove = { $count ->
    [one] 1 gebruiker te verwijderen:
   *[other] { $count } gebruikers te verwijderen:
}
groups-nobody = Niemand.
groups-members-review = Controleer wie wordt toegevoegd en wie wordt verwijderd. Bij "Bevestigen" geldt dit vanaf hun volgende verzoek.
service-inactive-microsoft-365-csp = Vereist de dienst Microsoft 365 (CSP), die niet actief is voor je organisatie.
service-inactive-servicedesk = Vereist de dienst Service Desk, die niet actief is voor je organisatie.
service-inactive-billing = Vereist de facturatiedienst, die niet actief is voor je organisatie.
service-inactive-secwise-watch = Vereist de dienst Secwise Watch, die niet actief is voor je organisatie.
service-inactive-secwise-care = Vereist de dienst Secwise Care, die niet actief is voor je organisatie.
error-group-built-in = Ingebouwde groepen zijn alleen-lezen.
error-group-name-taken = Een andere machtigingsgroep heeft deze naam al.
error-group-conflict = Iemand anders heeft deze groep gewijzigd terwijl je ze controleerde. De controle toont de groep nu zoals ze is: controleer ze en bevestig opnieuw. Je keuzes blijven behouden.
error-description-invalid = Gebruik hoogstens 300 tekens.
error-role-service-inactive = Een gekozen applicatierol vereist een dienst die niet actief is voor je organisatie.
error-members-unchanged = Kies minstens één gebruiker om toe te voegen of te verwijderen.
