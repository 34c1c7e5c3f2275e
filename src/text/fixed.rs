//! The fixed strings of the widget, English then French, side by side so that a translator
//! sees both and the compiler refuses a string missing in either language.

catalogue! {
    /// Product name, shown on the sign-in screen and in the page title.
    product:
        "Agent adapter",
        "Adaptateur agent";
    /// Shown while the widget starts.
    loading:
        "Loading…",
        "Chargement…";

    // --- Unknown `?type=`
    /// Title of the page shown for a missing or unknown `type`.
    bad_type_title:
        "This adapter link is not valid",
        "Ce lien d’adaptateur n’est pas valide";
    /// Introduces the list of valid `type` values.
    bad_type_valid:
        "Use one of these values for type:",
        "Utilisez l’une de ces valeurs pour type\u{a0}:";
    /// Introduces the example embed URL.
    bad_type_example:
        "For example:",
        "Par exemple\u{a0}:";
    /// Description of `type=call`.
    type_call:
        "call adapter (290 × 600)",
        "adaptateur d’appels (290 × 600)";
    /// Description of `type=chat`.
    type_chat:
        "chat adapter (450 × 590)",
        "adaptateur de chat (450 × 590)";
    /// Description of `type=supervisor`.
    type_supervisor:
        "supervisor view (600 × 600 or larger)",
        "vue superviseur (600 × 600 ou plus)";

    // --- Gateway configuration and embedding
    /// Title when `GET /api/v1/config` fails.
    config_failed_title:
        "Cannot reach the gateway",
        "Impossible de joindre la passerelle";
    /// Retry button.
    retry:
        "Try again",
        "Réessayer";
    /// Title of the screen shown inside a page that may not embed the widget.
    refused_title:
        "Not allowed here",
        "Non autorisé ici";
    /// What the administrator can do about it.
    refused_hint:
        "Ask your administrator to add this page's origin to \
                                allowed_origins in the gateway configuration.",
        "Demandez à votre administrateur d’ajouter l’origine de cette page à allowed_origins dans la configuration de la passerelle.";
    /// Discreet note when the widget is opened directly rather than embedded.
    standalone_note:
        "Opened directly — CRM events are off.",
        "Ouvert directement — les événements CRM sont désactivés.";

    // --- Session
    /// Sign-in heading.
    sign_in_title:
        "Sign in",
        "Connexion";
    /// Sign-in sub-heading.
    sign_in_lead:
        "Use your contact-center account.",
        "Utilisez votre compte du centre de contact.";
    /// Email label.
    email:
        "Email",
        "E-mail";
    /// Password label.
    password:
        "Password",
        "Mot de passe";
    /// Submit button.
    sign_in:
        "Sign in",
        "Se connecter";
    /// Submit button while signing in.
    signing_in:
        "Signing in…",
        "Connexion…";
    /// Wrong email or password.
    wrong_credentials:
        "Wrong email or password.",
        "E-mail ou mot de passe incorrect.";
    /// Both fields are needed.
    missing_credentials:
        "Enter your email and password.",
        "Saisissez votre e-mail et votre mot de passe.";
    /// The session was lost (401) and the agent must sign in again.
    session_ended:
        "Your session has ended. Please sign in again.",
        "Votre session a pris fin. Veuillez vous reconnecter.";
    /// Shown while a stored session is checked.
    restoring:
        "Restoring your session…",
        "Reprise de votre session…";
    /// Title when a stored session could not be checked.
    restore_failed_title:
        "Cannot restore your session",
        "Impossible de reprendre votre session";
    /// Leave a session that cannot be restored.
    sign_in_again:
        "Sign in again",
        "Se reconnecter";
    /// Log-out button label.
    log_out:
        "Log out",
        "Se déconnecter";

    // --- Header
    /// Accessible label of the status select.
    status_label:
        "Your status",
        "Votre statut";

    // --- Call adapter
    /// Idle heading.
    waiting_for_calls:
        "Waiting for calls",
        "En attente d’appels";
    /// Idle hint when available.
    idle_available:
        "Calls from your queues ring here.",
        "Les appels de vos files sonnent ici.";
    /// Idle hint on break.
    idle_break:
        "You are on a break. Set yourself Available to take calls.",
        "Vous êtes en pause. Passez Disponible pour prendre des appels.";
    /// Idle hint when offline.
    idle_offline:
        "You are offline.",
        "Vous êtes hors ligne.";
    /// Heading of the agent's queue list.
    your_queues:
        "Your queues",
        "Vos files";
    /// Label above a ringing call.
    incoming_call:
        "Incoming call",
        "Appel entrant";
    /// Label of the waiting time.
    waiting:
        "Waiting",
        "Attente";
    /// Label of a call without a queue.
    no_queue:
        "Direct call",
        "Appel direct";
    /// Answer button.
    answer:
        "Answer",
        "Répondre";
    /// Answer button while answering.
    answering:
        "Answering…",
        "Réponse…";
    /// Decline button.
    decline:
        "Decline",
        "Refuser";
    /// Decline button while the request runs.
    declining:
        "Declining…",
        "Refus…";
    /// Label above the call in progress.
    on_call:
        "On call",
        "En appel";
    /// Hang-up button.
    hang_up:
        "Hang up",
        "Raccrocher";
    /// Hang-up button while hanging up.
    hanging_up:
        "Hanging up…",
        "Raccrochage…";
    /// Label of the in-call timer.
    call_duration:
        "Call duration",
        "Durée de l’appel";
    /// Hold button (puts the caller on hold).
    hold:
        "Hold",
        "Attente";
    /// Hold button while the request runs.
    holding:
        "Holding…",
        "Mise en attente…";
    /// Hold button while the caller is on hold (takes them off hold).
    resume_call:
        "Resume",
        "Reprendre";
    /// Resume button while the request runs.
    resuming_call:
        "Resuming…",
        "Reprise…";
    /// Recording button (pauses the recording so the caller can give sensitive data).
    pause_recording:
        "Pause recording",
        "Suspendre l’enregistrement";
    /// Recording button while the pause request runs.
    pausing_recording:
        "Pausing…",
        "Suspension…";
    /// Recording button while the recording is paused.
    resume_recording:
        "Resume recording",
        "Reprendre l’enregistrement";
    /// Recording button while the resume request runs.
    resuming_recording:
        "Resuming…",
        "Reprise…";
    /// Accessible name of the hold / recording button row.
    call_controls:
        "Call controls",
        "Commandes d’appel";
    /// Badge shown while the recording is paused.
    recording_paused:
        "Recording paused",
        "Enregistrement suspendu";
    /// Verb used in [`super::call_action_failed`] for answering.
    action_answer:
        "answer",
        "répondre";
    /// Verb used in [`super::call_action_failed`] for declining.
    action_decline:
        "decline",
        "refuser l’appel";
    /// Verb used in [`super::call_action_failed`] for hanging up.
    action_hang_up:
        "hang up",
        "raccrocher";
    /// Verb used in [`super::call_action_failed`] for putting on hold.
    action_hold:
        "put the caller on hold",
        "mettre l’appelant en attente";
    /// Verb used in [`super::call_action_failed`] for taking off hold.
    action_resume:
        "resume the call",
        "reprendre l’appel";
    /// Verb used in [`super::call_action_failed`] for pausing the recording.
    action_pause_recording:
        "pause the recording",
        "suspendre l’enregistrement";
    /// Verb used in [`super::call_action_failed`] for resuming the recording.
    action_resume_recording:
        "resume the recording",
        "reprendre l’enregistrement";
    /// Verb used in [`super::call_action_failed`] for transferring.
    action_transfer:
        "transfer the call",
        "transférer l’appel";
    /// Verb used in [`super::call_action_failed`] for saving the wrap-up.
    action_save_wrap_up:
        "save the wrap-up",
        "enregistrer la clôture";

    // --- CRM
    /// While the CRM account and record are looked up.
    crm_pending:
        "Looking up the CRM record…",
        "Recherche de la fiche CRM…";
    /// The CRM record is known.
    crm_ready:
        "CRM record",
        "Fiche CRM";
    /// Link to the CRM record.
    open_record:
        "Open record",
        "Ouvrir la fiche";
    /// Link to the custom lookup URL.
    open_lookup:
        "Open in CRM",
        "Ouvrir dans le CRM";
    /// Copy the custom lookup URL.
    copy_link:
        "Copy link",
        "Copier le lien";
    /// After copying.
    copied:
        "Copied",
        "Copié";
    /// Copying failed (no clipboard permission).
    copy_failed:
        "Could not copy",
        "Copie impossible";
    /// Link to the "Open Custom URL" screen pop (no contact found).
    open_new_contact:
        "New contact",
        "Nouveau contact";

    // --- Transfer
    /// Transfer button of the call in progress.
    transfer:
        "Transfer",
        "Transférer";
    /// Title of the transfer dialog.
    transfer_title:
        "Transfer call",
        "Transférer l’appel";
    /// Tab listing agents.
    transfer_agents:
        "Agents",
        "Agents";
    /// Tab listing queues.
    transfer_queues:
        "Queues",
        "Files";
    /// While the targets load.
    transfer_loading:
        "Finding who is available…",
        "Recherche des personnes disponibles…";
    /// No other agent takes calls.
    transfer_no_agents:
        "No other agent takes calls.",
        "Aucun autre agent ne prend d’appels.";
    /// Close / cancel the dialog.
    cancel:
        "Cancel",
        "Annuler";
    /// Reload the targets.
    refresh:
        "Refresh",
        "Actualiser";
    /// Hint before anything is chosen.
    transfer_choose:
        "Choose an agent or a queue",
        "Choisissez un agent ou une file";
    /// The confirm button while the request runs.
    transferring:
        "Transferring…",
        "Transfert…";
    /// Availability of an agent who is free.
    target_available:
        "Available",
        "Disponible";
    /// Availability of an agent with a call or wrapping one up.
    target_busy:
        "Busy",
        "Occupé";

    // --- Wrap-up
    /// Label above the wrap-up form.
    wrap_up:
        "Wrap-up",
        "Clôture";
    /// Label of the disposition select.
    disposition:
        "Disposition",
        "Qualification";
    /// First, empty choice of the disposition select.
    choose_disposition:
        "Choose a disposition…",
        "Choisissez une qualification…";
    /// Label of the notes field.
    notes:
        "Notes",
        "Notes";
    /// Placeholder of the notes field.
    notes_placeholder:
        "What was the call about? What happens next?",
        "De quoi parlait l’appel\u{a0}? Quelle est la suite\u{a0}?";
    /// Save button.
    save_wrap_up:
        "Save wrap-up",
        "Enregistrer la clôture";
    /// Save button while saving.
    saving:
        "Saving…",
        "Enregistrement…";
    /// Shown when saving without a disposition.
    disposition_required:
        "Choose a disposition to save the wrap-up.",
        "Choisissez une qualification pour enregistrer la clôture.";
    /// Confirmation after saving.
    wrap_up_saved:
        "Wrap-up saved",
        "Clôture enregistrée";

    // --- Chat adapter
    /// Inbox heading.
    chats:
        "Chats",
        "Chats";
    /// The empty inbox.
    no_chats:
        "No chats yet — offered chats appear here",
        "Aucun chat pour l’instant — les chats proposés apparaissent ici";
    /// Below the empty inbox.
    no_chats_hint:
        "Keep this panel open while you work.",
        "Gardez ce panneau ouvert pendant que vous travaillez.";
    /// Shown below offers while no chat is open.
    no_open_chat:
        "No chat open",
        "Aucun chat ouvert";
    /// Below `no_open_chat`.
    no_open_chat_hint:
        "Accepted chats open here, one tab each.",
        "Les chats acceptés s’ouvrent ici, un onglet chacun.";
    /// Label above an offered chat.
    incoming_chat:
        "Incoming chat",
        "Chat entrant";
    /// Accept button of an offered chat.
    accept:
        "Accept",
        "Accepter";
    /// Accept button while the request runs.
    accepting:
        "Accepting…",
        "Acceptation…";
    /// Accessible name of the tab bar.
    chat_tabs:
        "Your chats",
        "Vos chats";
    /// Accessible name of a transcript.
    transcript:
        "Conversation",
        "Conversation";
    /// The transcript has no line yet.
    no_messages:
        "No messages yet.",
        "Aucun message pour l’instant.";
    /// Heading of the pre-chat attributes panel.
    chat_details:
        "Pre-chat details",
        "Informations avant le chat";
    /// Placeholder of the composer.
    composer_placeholder:
        "Write a reply… (Enter sends, Shift+Enter for a new line)",
        "Écrivez une réponse… (Entrée envoie, Maj+Entrée pour une nouvelle ligne)";
    /// Accessible label of the composer.
    composer_label:
        "Your reply",
        "Votre réponse";
    /// Send button.
    send:
        "Send",
        "Envoyer";
    /// Send button while the request runs.
    sending:
        "Sending…",
        "Envoi…";
    /// Attach-a-file button.
    attach_file:
        "Send a file",
        "Envoyer un fichier";
    /// Attach button while the upload runs.
    uploading:
        "Uploading…",
        "Téléversement…";
    /// Transfer button of a chat.
    transfer_chat:
        "Transfer",
        "Transférer";
    /// Title of the chat transfer dialog.
    transfer_chat_title:
        "Transfer chat",
        "Transférer le chat";
    /// Hint before a destination is chosen.
    transfer_choose_destination:
        "Choose a destination",
        "Choisissez une destination";
    /// Destination with an agent who can take the chat now.
    destination_online:
        "Someone online",
        "Quelqu’un en ligne";
    /// Destination with nobody available.
    destination_offline:
        "Nobody online — the chat will wait",
        "Personne en ligne — le chat attendra";
    /// The chat's own destination.
    destination_current:
        "Current destination",
        "Destination actuelle";
    /// Close-chat button.
    close_chat:
        "End chat",
        "Terminer le chat";
    /// Close button while the request runs.
    closing_chat:
        "Ending…",
        "Fin…";
    /// Dismiss button of a closed chat.
    dismiss_chat:
        "Close tab",
        "Fermer l’onglet";
    /// Dismiss button while the request runs.
    dismissing:
        "Closing…",
        "Fermeture…";
    /// Badge of a closed chat.
    chat_closed:
        "Closed",
        "Terminé";
    /// Delivery of an agent's message: waiting for its first attempt.
    delivery_pending:
        "Sending",
        "Envoi";
    /// Delivery: the client's platform accepted it.
    delivery_delivered:
        "Delivered",
        "Remis";
    /// Delivery: an attempt failed, it is being retried.
    delivery_retrying:
        "Retrying",
        "Nouvel essai";
    /// Delivery: given up.
    delivery_failed:
        "Not delivered",
        "Non remis";
    /// A file without a name.
    unnamed_file:
        "File",
        "Fichier";
    /// After a file link that is not http(s) (shown, not clickable).
    link_not_opened:
        "link not opened: not a web address",
        "lien non ouvert\u{a0}: ce n’est pas une adresse web";
    /// Label of the client's side of the transcript.
    from_customer:
        "Customer",
        "Client";
    /// Label of the agent's side of the transcript.
    from_you:
        "You",
        "Vous";
    /// Verb used in [`super::chat_action_failed`] for accepting.
    action_accept_chat:
        "accept the chat",
        "accepter le chat";
    /// Verb used in [`super::chat_action_failed`] for declining.
    action_decline_chat:
        "decline the chat",
        "refuser le chat";
    /// Verb used in [`super::chat_action_failed`] for sending a text.
    action_send:
        "send the message",
        "envoyer le message";
    /// Verb used in [`super::chat_action_failed`] for sending a file.
    action_send_file:
        "send the file",
        "envoyer le fichier";
    /// Verb used in [`super::chat_action_failed`] for transferring.
    action_transfer_chat:
        "transfer the chat",
        "transférer le chat";
    /// Verb used in [`super::chat_action_failed`] for closing.
    action_close_chat:
        "end the chat",
        "terminer le chat";
    /// Verb used in [`super::chat_action_failed`] for dismissing.
    action_dismiss_chat:
        "close the tab",
        "fermer l’onglet";

    // --- Supervisor
    /// Supervisor heading.
    team_presence:
        "Team presence",
        "Présence de l’équipe";
    /// Agents table caption.
    agents:
        "Agents",
        "Agents";
    /// Queues table caption.
    queues:
        "Queues",
        "Files";
    /// Column: agent name.
    col_agent:
        "Agent",
        "Agent";
    /// Column: status.
    col_status:
        "Status",
        "Statut";
    /// Column: what the agent is doing.
    col_activity:
        "Activity",
        "Activité";
    /// Column: queue path.
    col_queue:
        "Queue",
        "File";
    /// Column: calls waiting.
    col_waiting:
        "Waiting",
        "En attente";
    /// Column: available agents.
    col_available:
        "Available agents",
        "Agents disponibles";
    /// Activity: a call rings at the agent.
    activity_ringing:
        "Ringing",
        "Sonnerie";
    /// Activity: in a call.
    activity_on_call:
        "On call",
        "En appel";
    /// Activity: nothing.
    activity_idle:
        "Idle",
        "Inactif";
    /// Shown on 403.
    supervisor_required:
        "Supervisor role required",
        "Rôle superviseur requis";
    /// Below `supervisor_required`.
    supervisor_required_hint:
        "Sign in with a supervisor account to see the team's presence.",
        "Connectez-vous avec un compte superviseur pour voir la présence de l’équipe.";
    /// Loading presence.
    loading_presence:
        "Loading presence…",
        "Chargement de la présence…";
    /// No agents configured.
    no_agents:
        "No agents are configured.",
        "Aucun agent n’est configuré.";
    /// No queues configured.
    no_queues:
        "No queues are configured.",
        "Aucune file n’est configurée.";
    /// Heading of the gateway's own presence beside DeepCall's.
    gateway_presence:
        "Queues and agents (this gateway)",
        "Files et agents (cette passerelle)";
    /// Heading of DeepCall's live statistics.
    live_stats:
        "Live agent statistics (DeepCall)",
        "Statistiques des agents en direct (DeepCall)";
    /// While DeepCall's statistics load.
    loading_live_stats:
        "Loading live statistics…",
        "Chargement des statistiques en direct…";
    /// DeepCall is not configured on this gateway.
    live_stats_not_configured:
        "Live agent statistics are not configured: add a [deepcall] section to the gateway.",
        "Les statistiques des agents en direct ne sont pas configurées\u{a0}: ajoutez une section [deepcall] à la passerelle.";
    /// Tile: logged in.
    tile_logged_in:
        "Logged in",
        "Connectés";
    /// Tile: on a call.
    tile_on_call:
        "On call",
        "En appel";
    /// Tile: on break.
    tile_on_break:
        "On break",
        "En pause";
    /// Tile: ringing.
    tile_ringing:
        "Ringing",
        "Sonnerie";
    /// Tile: after-call work.
    tile_after_call:
        "After-call work",
        "Après-appel";
    /// Label of the name filter.
    filter_agents:
        "Find an agent",
        "Trouver un agent";
    /// Placeholder of the name filter.
    filter_placeholder:
        "Name or id",
        "Nom ou identifiant";
    /// Label of the activity filter.
    filter_activity:
        "Activity",
        "Activité";
    /// Activity filter: everyone.
    filter_everyone:
        "Everyone",
        "Tout le monde";
    /// No agent matches the filters.
    no_matching_agents:
        "No agent matches these filters.",
        "Aucun agent ne correspond à ces filtres.";
    /// Column: login type and duration.
    col_login:
        "Login",
        "Connexion";
    /// Column: available time.
    col_available_time:
        "Available",
        "Disponible";
    /// Column: talk time.
    col_talk:
        "Talk time",
        "Temps de parole";
    /// Column: calls.
    col_calls:
        "Calls",
        "Appels";
    /// Column: SIP and microphone.
    col_device:
        "SIP / mic",
        "SIP / micro";
    /// Not logged in (DeepCall's `l` = `"No"`).
    not_logged_in:
        "Not logged in",
        "Non connecté";
    /// Mobile app login.
    mobile:
        "mobile",
        "mobile";
    /// Microphone allowed.
    mic_on:
        "mic on",
        "micro actif";
    /// Microphone not allowed.
    mic_off:
        "no mic",
        "sans micro";
    /// An unknown value in a table cell.
    unknown:
        "—",
        "—";
    /// The team line when DeepCall fails.
    team_line_unavailable:
        "Team statistics unavailable",
        "Statistiques de l’équipe indisponibles";

    // --- Caller context (Optico)
    /// While the Optico lookup runs.
    context_loading:
        "Looking up caller…",
        "Recherche de l’appelant…";
    /// Optico knows nothing about this caller.
    context_none:
        "No web journey found for this caller.",
        "Aucun parcours web trouvé pour cet appelant.";
    /// Label of the context tabs.
    context_label:
        "Caller context",
        "Contexte de l’appelant";
    /// Tab: page views.
    tab_journey:
        "Journey",
        "Parcours";
    /// Tab: current cart.
    tab_cart:
        "Cart",
        "Panier";
    /// Tab: orders.
    tab_orders:
        "Orders",
        "Commandes";
    /// No page views.
    no_views:
        "No pages viewed yet.",
        "Aucune page vue pour l’instant.";
    /// No current cart.
    no_cart:
        "No cart yet.",
        "Pas encore de panier.";
    /// No orders.
    no_orders:
        "No orders.",
        "Aucune commande.";
    /// A page without a title.
    untitled_page:
        "Untitled page",
        "Page sans titre";
    /// A product without a name.
    unnamed_product:
        "Unnamed product",
        "Produit sans nom";
    /// Cart total label.
    total:
        "Total",
        "Total";
    /// Badge of an order that is a sale.
    sale:
        "Sale",
        "Vente";
    /// An order without a status.
    no_status:
        "Order",
        "Commande";
    /// Traffic source unknown.
    direct_traffic:
        "Direct",
        "Direct";
    /// Previous match button.
    previous_match:
        "Previous match",
        "Correspondance précédente";
    /// Next match button.
    next_match:
        "Next match",
        "Correspondance suivante";
    /// Glance label: traffic source.
    glance_source:
        "Source",
        "Source";
    /// Glance label: cart.
    glance_cart:
        "Cart",
        "Panier";
    /// Glance label: orders.
    glance_orders:
        "Open orders",
        "Commandes en cours";

    // --- Agent assist and tools
    /// Heading of the suggestion card.
    assist_suggestion:
        "Suggested reply",
        "Réponse suggérée";
    /// While the suggestion is prepared.
    assist_waiting:
        "Preparing a suggestion…",
        "Préparation d’une suggestion…";
    /// Insert the suggestion into the composer.
    assist_insert:
        "Insert",
        "Insérer";
    /// Edit the suggestion before inserting it.
    assist_edit:
        "Edit",
        "Modifier";
    /// Hide the suggestion.
    assist_dismiss:
        "Dismiss",
        "Ignorer";
    /// Label of the text area where a suggestion is edited.
    assist_edit_label:
        "Edit the suggested reply",
        "Modifier la réponse suggérée";
    /// Ask for the suggestion again.
    assist_retry:
        "Try again",
        "Réessayer";
    /// Note under every suggestion.
    assist_never_sent:
        "Nothing is sent until you send it.",
        "Rien n’est envoyé tant que vous ne l’envoyez pas.";
    /// Introduces the tools a suggestion ran.
    assist_tools:
        "Used:",
        "Utilisé\u{a0}:";
    /// Heading of the tools row.
    tools_label:
        "Customer tools",
        "Outils client";
    /// Label of the compact tools row of the call card.
    tools_short:
        "Tools:",
        "Outils\u{a0}:";
    /// Short label of the lead button (call card).
    lead_short:
        "Lead",
        "Prospect";
    /// Short label of the appointment button (call card).
    appointment_short:
        "Appointment",
        "Rendez-vous";
    /// Opens the lead form.
    lead_open:
        "Capture lead",
        "Créer un prospect";
    /// Opens the appointment form.
    appointment_open:
        "Book appointment",
        "Prendre rendez-vous";
    /// Title of the lead form.
    lead_title:
        "Capture a lead",
        "Créer un prospect";
    /// Title of the appointment form.
    appointment_title:
        "Book an appointment",
        "Prendre un rendez-vous";
    /// Field labels.
    field_name:
        "Name",
        "Nom";
    /// Email field.
    field_email:
        "Email",
        "E-mail";
    /// Phone field.
    field_phone:
        "Phone",
        "Téléphone";
    /// Company field.
    field_company:
        "Company",
        "Entreprise";
    /// Message field of a lead.
    field_message:
        "What it is about",
        "Objet de la demande";
    /// Day field.
    field_date:
        "Day",
        "Jour";
    /// Time field.
    field_time:
        "Time",
        "Heure";
    /// Length field.
    field_duration:
        "Length (minutes)",
        "Durée (minutes)";
    /// Notes field.
    field_notes:
        "Notes",
        "Notes";
    /// Submit of the lead form.
    lead_submit:
        "Capture lead",
        "Créer le prospect";
    /// Submit of the appointment form.
    appointment_submit:
        "Book",
        "Réserver";
    /// While a form is sent.
    tool_sending:
        "Sending…",
        "Envoi…";
    /// Closes a form.
    close:
        "Close",
        "Fermer";

    // --- Co-browse
    /// Accessible name of the co-browse line.
    cobrowse_title:
        "Co-browse",
        "Co-navigation";
    /// Accessible name of the button asking for remote control (its visible text is
    /// `cobrowse_ask`).
    cobrowse_request_control:
        "Ask for remote control of the customer's page",
        "Demander le contrôle à distance de la page du client";
    /// Accessible name of the button asking for the customer's full device.
    cobrowse_request_device:
        "Ask for the customer's full device",
        "Demander l’appareil complet du client";
    /// Visible text of both ask buttons.
    cobrowse_ask:
        "Ask",
        "Demander";
    /// Accessible name of the end button.
    cobrowse_end:
        "End co-browse",
        "Terminer la co-navigation";
    /// Visible text of the end button.
    cobrowse_end_short:
        "End",
        "Fin";

    // --- Keyboard shortcuts
    /// Accessible name of the header button, and title of the help.
    shortcuts_title:
        "Keyboard shortcuts",
        "Raccourcis clavier";
    /// Under the title of the help.
    shortcuts_hint:
        "They work while this adapter has the focus; the page around it keeps its own.",
        "Ils fonctionnent quand cet adaptateur a le focus\u{a0}; la page autour garde les siens.";
    /// Column of the keys.
    shortcuts_keys:
        "Keys",
        "Touches";
    /// Column of what they do.
    shortcuts_action:
        "Action",
        "Action";
    /// Answer the ringing call.
    shortcut_answer:
        "Answer the ringing call",
        "Répondre à l’appel qui sonne";
    /// Decline the ringing call.
    shortcut_decline:
        "Decline the ringing call",
        "Refuser l’appel qui sonne";
    /// Hang up.
    shortcut_hang_up:
        "Hang up the call",
        "Raccrocher l’appel";
    /// Hold or resume.
    shortcut_hold:
        "Put the caller on hold, or resume",
        "Mettre l’appelant en attente, ou reprendre";
    /// Open the transfer dialog.
    shortcut_transfer:
        "Transfer the call",
        "Transférer l’appel";
    /// Accept the oldest offered chat.
    shortcut_accept_chat:
        "Accept the oldest offered chat",
        "Accepter le plus ancien chat proposé";
    /// Next chat tab.
    shortcut_next_chat:
        "Show the next chat",
        "Afficher le chat suivant";
    /// Previous chat tab.
    shortcut_previous_chat:
        "Show the previous chat",
        "Afficher le chat précédent";
    /// Focus the reply box.
    shortcut_focus_composer:
        "Go to the reply box",
        "Aller à la zone de réponse";
    /// Send the reply.
    shortcut_send:
        "Send the reply (in the reply box)",
        "Envoyer la réponse (dans la zone de réponse)";
    /// New line in the reply.
    shortcut_new_line:
        "New line in the reply",
        "Nouvelle ligne dans la réponse";
    /// Arrow keys in the tab bar.
    shortcut_tab_arrows:
        "Move between chats (in the tab bar)",
        "Passer d’un chat à l’autre (dans la barre d’onglets)";
    /// Escape.
    shortcut_escape:
        "Close a dialog or this list",
        "Fermer une boîte de dialogue ou cette liste";
    /// Show or hide the help.
    shortcut_help:
        "Show or hide this list",
        "Afficher ou masquer cette liste";
}
