mail-invitation-subject = Votre invitation au portail client { -brand }
mail-invitation-body = Bonjour { $name },

    Vous êtes invité sur le portail client { -brand } pour { $organization }.

    Ouvrez ce lien pour choisir votre mot de passe et configurer l’authentification multifacteur :
    { $link }

    Le lien est valable { $days } jours et ne fonctionne qu’une fois. S’il a expiré, demandez une nouvelle invitation à l’administrateur du portail.

    Cordialement,
    { -brand }
mail-password-reset-subject = Réinitialisez votre mot de passe du portail client { -brand }
mail-password-reset-body = Bonjour { $name },

    Quelqu’un a demandé la réinitialisation du mot de passe de votre compte du portail client { -brand }. Si c’était vous, ouvrez ce lien dans les { $minutes } minutes :
    { $link }

    Si ce n’était pas vous, ignorez cet e-mail : votre mot de passe reste inchangé.

    Cordialement,
    { -brand }
mail-password-changed-subject = Le mot de passe de votre portail client { -brand } a été modifié
mail-password-changed-body = Bonjour { $name },

    Le mot de passe de votre compte du portail client { -brand } vient d’être modifié et vos autres sessions ont été déconnectées.

    Si ce n’était pas vous, contactez immédiatement l’administrateur du portail ou le Service Desk { -brand }.

    Cordialement,
    { -brand }
mail-mfa-changed-subject = Votre authentification multifacteur a été modifiée
mail-mfa-changed-body = Bonjour { $name },

    L’authentification multifacteur de votre compte du portail client { -brand } vient d’être déplacée vers une nouvelle application, avec de nouveaux codes de récupération.

    Si ce n’était pas vous, contactez immédiatement l’administrateur du portail ou le Service Desk { -brand }.

    Cordialement,
    { -brand }
mail-email-change-subject = Confirmez votre nouvelle adresse e-mail pour le portail client { -brand }
mail-email-change-body = Bonjour { $name },

    Vous avez demandé à utiliser { $email } pour votre compte du portail client { -brand }. Ouvrez ce lien dans les { $hours } heures pour confirmer :
    { $link }

    D’ici là, vous continuez à vous connecter avec votre adresse actuelle. Si ce n’était pas vous, ignorez cet e-mail.

    Cordialement,
    { -brand }
mail-email-change-notice-subject = L’adresse e-mail de votre portail client { -brand } est en cours de modification
mail-email-change-notice-body = Bonjour { $name },

    Une personne connectée à votre compte du portail client { -brand } a demandé à remplacer l’adresse e-mail de ce compte par { $email }. Le changement ne prendra effet qu’à l’ouverture du lien envoyé à cette adresse.

    Si ce n’était pas vous, connectez-vous, annulez le changement dans Mon profil et modifiez votre mot de passe, ou contactez le Service Desk { -brand }.

    Cordialement,
    { -brand }
