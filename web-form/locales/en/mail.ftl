# The subjects and bodies of the emails. Both bodies, plain text and HTML, are built from these
# texts; every value is escaped in the HTML. Mails to offices carry the reference, category,
# region, number of workers, deadline and a link, never the worker's identity or complaint.

## Labels shared by the mails ("Label: value", one a line)
mail-label-reference = Reference
mail-label-category = Category
mail-label-region = Region
mail-label-affected-workers = Workers affected
mail-label-acknowledge-by = Accept or refuse by
mail-label-receipt-code = Receipt code
mail-label-sent-to = Sent to
mail-label-new-status = New status
mail-label-office-message = Message from the office
# Between the names of the offices a complaint was sent to.
mail-list-separator = { ", " }
mail-link-read = Sign in to the intake console to read it:
mail-link-see = Sign in to the intake console to see them:
mail-privacy-case = To protect the worker, this email carries neither their identity nor their complaint: sign in to read them.

## A new case, to the office that handles it
mail-new-case-subject = [New complaint] { $reference } { $category } · { $region }
mail-new-case-intro = A new complaint from a worker has been routed to your office to handle.
mail-new-case-link = Sign in to the intake console to read and work the case:

## A copy, to an office that may read the case, not act on it
mail-copied-case-subject = [Copy] { $reference } { $category } · { $region }
mail-copied-case-intro = A complaint from a worker has been copied to your office for information; { $office } handles it.

## To the worker who asked to be told by email: received (no receipt code unless they asked)
mail-worker-confirmation-subject = Your complaint was received: { $reference }
mail-worker-confirmation-intro = We have received your complaint and sent it to the offices responsible.
mail-worker-confirmation-link = Follow it and add information with the reference and your receipt code (the 16 digits shown when you filed):
mail-worker-confirmation-receipt-sent = You asked for the receipt code by email. With the reference and the code anyone can read and add to this complaint: delete this email, or make sure only you can read it.
mail-worker-confirmation-receipt-kept = For your safety this email does not contain the receipt code. Keep it somewhere safe and do not share it.

## The worker added information
mail-worker-message-subject = [Worker added information] { $reference } { $category }
mail-worker-message-intro = The worker added information to this complaint.
mail-worker-message-privacy = To protect the worker, this email does not carry what they wrote: sign in to read it.

## The worker added evidence files
mail-worker-evidence-subject = [Worker added evidence] { $reference } { $category }
mail-worker-evidence-intro = The worker added { $files } evidence file(s) (pictures or PDF) to this complaint.
mail-worker-evidence-privacy = To protect the worker, this email carries neither the files nor the worker's identity: sign in to see them.

## A trade union referred the case to the procuratorate
mail-referred-case-subject = [Referred by a trade union] { $reference } { $category } · { $region }
mail-referred-case-intro = { $union } referred a worker's complaint to your procuratorate for public interest litigation; your office is now copied on the case.
mail-referred-case-link = Sign in to the intake console to read the case and the union's documents:

## Staff of another office, or an administrator, added evidence files
mail-staff-evidence-subject = [Evidence added] { $reference } { $category }
mail-staff-evidence-intro = Staff of another office, or an administrator, added { $files } evidence file(s) to this case of your office.
mail-staff-evidence-privacy = This email does not carry the files: sign in to see them.

## To the worker who asked to be told: a new status or a message from the office
mail-worker-update-subject = News about your complaint: { $reference }
mail-worker-update-intro = There is news about your complaint.
mail-worker-update-link = Read it with the reference and your receipt code:

## A public-interest lead, to the procuratorate
mail-lead-subject = [Public-interest lead] { $name } { $category } · { $city }
mail-lead-intro = In the last { $days } days, { $complaints } complaints of one kind in { $city } name the same { $kind ->
        [employer] employer
       *[other] platform
    }: this may be a public-interest litigation lead.
mail-lead-label-kind = { $kind ->
        [employer] Employer
       *[other] Platform
    }
mail-lead-label-city = Region
mail-lead-label-complaints = Complaints
mail-lead-label-affected-workers = Workers affected in all
mail-lead-link = Sign in to the intake console to review the lead and decide on it:
mail-lead-privacy = To protect the workers, this email carries neither their identity nor their complaints: sign in to read them.

## The daily reminder of overdue cases
mail-digest-subject = [Overdue] { $count } complaint(s) past their deadline
mail-digest-intro = Your office has { $count } complaint(s) past a deadline: not yet accepted or refused after the acknowledgement date, or not yet finished after the result date.
mail-digest-late-acknowledge = not accepted or refused, due { $date }
mail-digest-late-result = no result, due { $date }
