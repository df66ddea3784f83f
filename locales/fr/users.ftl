users-title = Utilisateurs et autorisations
users-tab-profiles = Profils
users-col-name = Nom
users-col-kind = Type
users-kind-user = Utilisateur
users-kind-contact = Contact
