# How every e-mail addresses its recipient: with their salutation, or by name without one.
mail-greeting = { $salutation ->
        [mr] Cher Monsieur { $last }
        [ms] Chère Madame { $last }
        [mx] Bonjour { $first } { $last }
        [dr] Docteur { $last }
        [prof] Professeur { $last }
       *[other] Bonjour { $first } { $last }
    }
mail-invitation-subject = Votre invitation au portail client { -brand }
mail-invitation-body = { $greeting },

    Vous êtes invité sur le portail client { -brand } pour { $organization }.

    Ouvrez ce lien pour choisir votre mot de passe et configurer l’authentification multifacteur :
    { $link }

    Le lien est valable { $days } jours et ne fonctionne qu’une fois. S’il a expiré, demandez une nouvelle invitation à l’administrateur du portail.

    Cordialement,
    { -brand }
mail-password-reset-subject = Réinitialisez votre mot de passe du portail client { -brand }
mail-password-reset-body = { $greeting },

    Quelqu’un a demandé la réinitialisation du mot de passe de votre compte du portail client { -brand }. Si c’était vous, ouvrez ce lien dans les { $minutes } minutes :
    { $link }

    Si ce n’était pas vous, ignorez cet e-mail : votre mot de passe reste inchangé.

    Cordialement,
    { -brand }
mail-password-reset-provider-subject = Se connecter au portail client { -brand }
mail-password-reset-provider-body = { $greeting },

    Quelqu’un a demandé la réinitialisation du mot de passe de votre compte du portail client { -brand }. Votre organisation se connecte via { $provider } : vous n’avez donc pas de mot de passe pour le portail. Ouvrez le portail, saisissez votre adresse e-mail et connectez-vous avec votre compte d’entreprise :
    { $link }

    Si ce n’était pas vous, ignorez cet e-mail.

    Cordialement,
    { -brand }
mail-password-changed-subject = Le mot de passe de votre portail client { -brand } a été modifié
mail-password-changed-body = { $greeting },

    Le mot de passe de votre compte du portail client { -brand } vient d’être modifié et vos autres sessions ont été déconnectées.

    Si ce n’était pas vous, contactez immédiatement l’administrateur du portail ou le Service Desk { -brand }.

    Cordialement,
    { -brand }
mail-mfa-changed-subject = Votre authentification multifacteur a été modifiée
mail-mfa-changed-body = { $greeting },

    L’authentification multifacteur de votre compte du portail client { -brand } vient d’être déplacée vers une nouvelle application, avec de nouveaux codes de récupération.

    Si ce n’était pas vous, contactez immédiatement l’administrateur du portail ou le Service Desk { -brand }.

    Cordialement,
    { -brand }
mail-email-change-subject = Confirmez votre nouvelle adresse e-mail pour le portail client { -brand }
mail-email-change-body = { $greeting },

    Vous avez demandé à utiliser { $email } pour votre compte du portail client { -brand }. Ouvrez ce lien dans les { $hours } heures pour confirmer :
    { $link }

    D’ici là, vous continuez à vous connecter avec votre adresse actuelle. Si ce n’était pas vous, ignorez cet e-mail.

    Cordialement,
    { -brand }
mail-email-change-notice-subject = L’adresse e-mail de votre portail client { -brand } est en cours de modification
mail-email-change-notice-body = { $greeting },

    Une personne connectée à votre compte du portail client { -brand } a demandé à remplacer l’adresse e-mail de ce compte par { $email }. Le changement ne prendra effet qu’à l’ouverture du lien envoyé à cette adresse.

    Si ce n’était pas vous, connectez-vous, annulez le changement dans Mon profil et modifiez votre mot de passe, ou contactez le Service Desk { -brand }.

    Cordialement,
    { -brand }
mail-notice-subject = { $kind } : { $subject }
mail-notice-intro = { -brand } adresse cet avis ({ $kind }) à { $organization }, et il vous parvient en tant que { $role }.
mail-notice-intro-fallback = { -brand } a adressé cet avis ({ $kind }) à { $organization } pour son { $missing }, mais votre organisation n’en a pas : il vous parvient donc en tant qu’administrateur. Merci de le lire et d’ajouter le contact manquant dans Utilisateurs et autorisations.
mail-notice-acknowledge = Merci de confirmer que vous l’avez lu en ouvrant ce lien (il fonctionne une fois, jusqu’au { $until }) :
    { $link }
mail-notice-body = { $greeting },

    { $intro }

    { $subject }

    { $text }

    { $acknowledge }Cordialement,
    { -brand }
mail-notice-reminder-subject = Rappel : { $kind } : { $subject }
mail-notice-reminder-body = { $greeting },

    Le { $sent }, { -brand } vous a adressé l’avis ci-dessous, et personne n’en a encore accusé réception.

    { $subject }

    { $text }

    { $acknowledge }Cordialement,
    { -brand }
mail-notice-unacknowledged-subject = Sans accusé de réception : { $kind } : { $subject }
mail-notice-unacknowledged-body = { $greeting },

    Personne n’a accusé réception de l’avis ({ $kind }) que { -brand } a adressé à { $organization } le { $sent }, même après un rappel. Il a été envoyé à : { $recipients }.

    { $subject }

    { $text }

    Merci de veiller à ce qu’il soit lu et suivi.

    Cordialement,
    { -brand }
mail-contract-review = Merci de lire le document puis de l’approuver ou de le refuser en ouvrant ce lien (il n’est valable que pour vous, jusqu’au { $until }) :
    { $link }
