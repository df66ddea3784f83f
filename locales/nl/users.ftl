users-title = Gebruikers en machtigingen
users-tab-profiles = Profielen
users-col-name = Naam
users-col-kind = Soort
users-kind-user = Gebruiker
users-kind-contact = Contactpersoon
