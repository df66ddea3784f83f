auth-sign-in-title = Connexion
auth-sign-in-intro = Connectez-vous au portail client { -brand } avec votre adresse e-mail professionnelle.
auth-email = E-mail
auth-password = Mot de passe
auth-sign-in = Se connecter
auth-signing-in = Connexion…
auth-signed-out = Vous êtes déconnecté.
auth-forgot-password = Mot de passe oublié ?
auth-password-reset-done = Votre mot de passe a été modifié. Connectez-vous avec celui-ci et le code de votre application d’authentification.
auth-back-to-sign-in = Retour à la connexion

## Connexion aux applications de l’écosystème via le portail
sso-invalid-title = Ce lien de connexion n’est pas valide
sso-invalid-text = L’application qui vous a envoyé ici n’est pas enregistrée auprès du portail, ou elle a demandé à vous renvoyer vers une adresse qu’elle n’a pas enregistrée. Rien ne lui a été communiqué. Revenez à l’application et réessayez ; si le problème persiste, prévenez son support.
sso-back-to-profile = Aller à Mon profil
sso-refused-page-title = Pas d’accès à cette application
sso-refused-title = Vous n’avez pas accès à { $application }
sso-refused-text = Aucun de vos groupes d’autorisations ne donne accès à cette application, ou votre organisation ne dispose pas de son service. Le portail ne vous y a pas connecté et ne lui a rien communiqué.
sso-refused-who = Qui peut vous donner accès
sso-refused-no-admin = Les administrateurs de votre organisation gèrent les groupes d’autorisations. Votre organisation n’a aucun administrateur actif dans le portail : contactez Arxus via Obtenir de l’aide.
sso-error-unreachable = Le service de connexion de votre organisation est injoignable pour le moment. Réessayez dans quelques minutes.
sso-error-unreachable-password = Le service de connexion de votre organisation est injoignable pour le moment : connectez-vous plutôt avec votre mot de passe, ou réessayez dans quelques minutes.
sso-error-invalid = La connexion par le service de votre organisation n'a pas pu être vérifiée : vous n'êtes pas connecté. Réessayez.
sso-error-cancelled = La connexion par le service de votre organisation a été annulée.
sso-error-unverified = Le service de connexion de votre organisation n'a pas confirmé votre adresse e-mail : vous n'êtes pas connecté. Adressez-vous à l'administrateur de votre organisation.
sso-error-unknown = Vous n'avez pas encore de compte sur ce portail. Demandez à l'administrateur de votre organisation de vous inviter.
sso-error-disabled = Votre compte est désactivé. Adressez-vous à l'administrateur de votre organisation.
