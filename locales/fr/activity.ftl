activity-sign-in = Connexion réussie
activity-sign-in-failed = Tentative de connexion échouée
activity-sign-out = Déconnexion
activity-language-changed = Langue du portail modifiée
