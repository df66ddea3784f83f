auth-sign-in-title = Connexion
auth-sign-in-intro = Connectez-vous au portail client { -brand } avec votre adresse e-mail professionnelle.
auth-email = E-mail
auth-password = Mot de passe
auth-sign-in = Se connecter
auth-signing-in = Connexion…
auth-signed-out = Vous êtes déconnecté.
