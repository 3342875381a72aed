<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US" sourcelanguage="en">
<context>
    <name>AccessKeyPage</name>
    <message>
        <source>The ID number must be the 12 digits printed on the card.</source>
        <translation>The ID number must be the 12 digits printed on the card.</translation>
    </message>
    <message>
        <source>Type the birth date as printed, like 25/03/1990.</source>
        <translation>Type the birth date as printed, like 25/03/1990.</translation>
    </message>
    <message>
        <source>Type the expiry date as printed, like 25/03/2035.</source>
        <translation>Type the expiry date as printed, like 25/03/2035.</translation>
    </message>
    <message>
        <source>When the kiosk says the card could not be opened, type the ID number printed on the front of the card (it alone opens chips with PACE; add both dates for older chips), then ask the patient to place it on the reader again.</source>
        <translation>When the kiosk says the card could not be opened, type the ID number printed on the front of the card (it alone opens chips with PACE; add both dates for older chips), then ask the patient to place it on the reader again.</translation>
    </message>
    <message>
        <source>&amp;ID number</source>
        <translation>&amp;ID number</translation>
    </message>
    <message>
        <source>ID number, 12 digits</source>
        <translation>ID number, 12 digits</translation>
    </message>
    <message>
        <source>&amp;Birth date</source>
        <translation>&amp;Birth date</translation>
    </message>
    <message>
        <source>Birth date, day/month/year</source>
        <translation>Birth date, day/month/year</translation>
    </message>
    <message>
        <source>E&amp;xpiry date</source>
        <translation>E&amp;xpiry date</translation>
    </message>
    <message>
        <source>Expiry date, day/month/year</source>
        <translation>Expiry date, day/month/year</translation>
    </message>
    <message>
        <source>&amp;Use this key</source>
        <translation>&amp;Use this key</translation>
    </message>
    <message>
        <source>Use this key for the next card</source>
        <translation>Use this key for the next card</translation>
    </message>
    <message>
        <source>Key saved: ask the patient to place the card on the reader again.</source>
        <translation>Key saved: ask the patient to place the card on the reader again.</translation>
    </message>
</context>
<context>
    <name>CameraView</name>
    <message>
        <source>Stand in front of the camera.</source>
        <translation>Stand in front of the camera.</translation>
    </message>
    <message>
        <source>Come a little closer.</source>
        <translation>Come a little closer.</translation>
    </message>
    <message>
        <source>Move back a little.</source>
        <translation>Move back a little.</translation>
    </message>
    <message>
        <source>Move so your face is in the middle.</source>
        <translation>Move so your face is in the middle.</translation>
    </message>
    <message>
        <source>It is too dark: face the light.</source>
        <translation>It is too dark: face the light.</translation>
    </message>
    <message>
        <source>Only one person in front of the camera, please.</source>
        <translation>Only one person in front of the camera, please.</translation>
    </message>
    <message>
        <source>Look straight at the camera.</source>
        <translation>Look straight at the camera.</translation>
    </message>
    <message>
        <source>Good. Hold still.</source>
        <translation>Good. Hold still.</translation>
    </message>
    <message>
        <source>Blink slowly twice.</source>
        <translation>Blink slowly twice.</translation>
    </message>
    <message>
        <source>Turn your head slowly to the left.</source>
        <translation>Turn your head slowly to the left.</translation>
    </message>
    <message>
        <source>Turn your head slowly to the right.</source>
        <translation>Turn your head slowly to the right.</translation>
    </message>
    <message>
        <source>Blink slowly, or turn your head a little.</source>
        <translation>Blink slowly, or turn your head a little.</translation>
    </message>
    <message>
        <source>Look at the camera</source>
        <translation>Look at the camera</translation>
    </message>
    <message>
        <source>Camera preview</source>
        <translation>Camera preview</translation>
    </message>
</context>
<context>
    <name>CanEntryView</name>
    <message>
        <source>Type all 6 digits, then press OK.</source>
        <translation>Type all 6 digits, then press OK.</translation>
    </message>
    <message>
        <source>The card did not accept that number. Check the last 6 digits of the ID number on the front of the card and type them again.</source>
        <translation>The card did not accept that number. Check the last 6 digits of the ID number on the front of the card and type them again.</translation>
    </message>
    <message>
        <source>Type your card number</source>
        <translation>Type your card number</translation>
    </message>
    <message>
        <source>The last 6 digits of the 12-digit ID number on the front of your card.</source>
        <translation>The last 6 digits of the 12-digit ID number on the front of your card.</translation>
    </message>
    <message>
        <source>Digits typed: %1 of 6</source>
        <translation>Digits typed: %1 of 6</translation>
    </message>
    <message>
        <source>Delete the last digit</source>
        <translation>Delete the last digit</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Clear</translation>
    </message>
    <message>
        <source>Clear all digits</source>
        <translation>Clear all digits</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>OK: open the card with this number</source>
        <translation>OK: open the card with this number</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Back</translation>
    </message>
    <message>
        <source>Back to the start screen</source>
        <translation>Back to the start screen</translation>
    </message>
</context>
<context>
    <name>CheckinsPage</name>
    <message>
        <source>&amp;Decide review…</source>
        <translation>&amp;Decide review…</translation>
    </message>
    <message>
        <source>Approve or reject the selected check-in under review</source>
        <translation>Approve or reject the selected check-in under review</translation>
    </message>
    <message>
        <source>Re&amp;try insurance lookup</source>
        <translation>Re&amp;try insurance lookup</translation>
    </message>
    <message>
        <source>Look up the selected patient&apos;s insurance again</source>
        <translation>Look up the selected patient&apos;s insurance again</translation>
    </message>
    <message>
        <source>Clinic system: %1</source>
        <translation>Clinic system: %1</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>Ticket</source>
        <translation>Ticket</translation>
    </message>
    <message>
        <source>Patient</source>
        <translation>Patient</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>ID number</translation>
    </message>
    <message>
        <source>State</source>
        <translation>State</translation>
    </message>
    <message>
        <source>Insurance</source>
        <translation>Insurance</translation>
    </message>
    <message>
        <source>Card check</source>
        <translation>Card check</translation>
    </message>
    <message>
        <source>Clinic system</source>
        <translation>Clinic system</translation>
    </message>
    <message>
        <source> (overridden)</source>
        <translation> (overridden)</translation>
    </message>
    <message>
        <source>Today&apos;s check-ins, newest first</source>
        <translation>Today&apos;s check-ins, newest first</translation>
    </message>
    <message>
        <source>&amp;Show</source>
        <translation>&amp;Show</translation>
    </message>
    <message>
        <source>Which check-ins to show</source>
        <translation>Which check-ins to show</translation>
    </message>
    <message>
        <source>All check-ins</source>
        <translation>All check-ins</translation>
    </message>
    <message>
        <source>Waiting for review</source>
        <translation>Waiting for review</translation>
    </message>
    <message>
        <source>Review: %1</source>
        <translation>Review: %1</translation>
    </message>
    <message>
        <source>Why review</source>
        <translation>Why review</translation>
    </message>
    <message>
        <source>Today: %1 checked in · %2 waiting for review · %3 rejected or failed · %4 attempts read no card</source>
        <translation>Today: %1 checked in · %2 waiting for review · %3 rejected or failed · %4 attempts read no card</translation>
    </message>
    <message>
        <source>&amp;Second number…</source>
        <translation>&amp;Second number…</translation>
    </message>
    <message>
        <source>Issue a second number to the selected patient, who was shown the one they held</source>
        <translation>Issue a second number to the selected patient, who was shown the one they held</translation>
    </message>
    <message>
        <source>Re&amp;print slip</source>
        <translation>Re&amp;print slip</translation>
    </message>
    <message>
        <source>Print the selected check-in&apos;s slip again</source>
        <translation>Print the selected check-in&apos;s slip again</translation>
    </message>
</context>
<context>
    <name>Console</name>
    <message>
        <source>Waiting</source>
        <translation>Waiting</translation>
    </message>
    <message>
        <source>Needs the card&apos;s key</source>
        <translation>Needs the card&apos;s key</translation>
    </message>
    <message>
        <source>Reading card</source>
        <translation>Reading card</translation>
    </message>
    <message>
        <source>Checking</source>
        <translation>Checking</translation>
    </message>
    <message>
        <source>Needs review</source>
        <translation>Needs review</translation>
    </message>
    <message>
        <source>Checked in</source>
        <translation>Checked in</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>Rejected</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Cancelled</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Failed</translation>
    </message>
    <message>
        <source>Covered</source>
        <translation>Covered</translation>
    </message>
    <message>
        <source>Covered: check papers</source>
        <translation>Covered: check papers</translation>
    </message>
    <message>
        <source>Not covered</source>
        <translation>Not covered</translation>
    </message>
    <message>
        <source>Details do not match</source>
        <translation>Details do not match</translation>
    </message>
    <message>
        <source>Gateway account refused</source>
        <translation>Gateway account refused</translation>
    </message>
    <message>
        <source>Gateway error</source>
        <translation>Gateway error</translation>
    </message>
    <message>
        <source>Waiting for the gateway</source>
        <translation>Waiting for the gateway</translation>
    </message>
    <message>
        <source>Unknown answer</source>
        <translation>Unknown answer</translation>
    </message>
    <message>
        <source>Not checked</source>
        <translation>Not checked</translation>
    </message>
    <message>
        <source>Card reader</source>
        <translation>Card reader</translation>
    </message>
    <message>
        <source>Camera</source>
        <translation>Camera</translation>
    </message>
    <message>
        <source>Insurance gateway</source>
        <translation>Insurance gateway</translation>
    </message>
    <message>
        <source>Clinic system (HIS)</source>
        <translation>Clinic system (HIS)</translation>
    </message>
    <message>
        <source>Offline queue</source>
        <translation>Offline queue</translation>
    </message>
    <message>
        <source>Slip printer</source>
        <translation>Slip printer</translation>
    </message>
    <message>
        <source>Working</source>
        <translation>Working</translation>
    </message>
    <message>
        <source>Working, with problems</source>
        <translation>Working, with problems</translation>
    </message>
    <message>
        <source>Not working</source>
        <translation>Not working</translation>
    </message>
    <message>
        <source>Not used yet</source>
        <translation>Not used yet</translation>
    </message>
    <message>
        <source>Check-in for the HIS</source>
        <translation>Check-in for the HIS</translation>
    </message>
    <message>
        <source>Insurance lookup to redo</source>
        <translation>Insurance lookup to redo</translation>
    </message>
    <message>
        <source>Insurance answer for the HIS</source>
        <translation>Insurance answer for the HIS</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>Other</translation>
    </message>
    <message>
        <source>Data changed after signing: check the card by hand</source>
        <translation>Data changed after signing: check the card by hand</translation>
    </message>
    <message>
        <source>Signature could not be checked</source>
        <translation>Signature could not be checked</translation>
    </message>
    <message>
        <source>Signature valid, issuer not in the trust store</source>
        <translation>Signature valid, issuer not in the trust store</translation>
    </message>
    <message>
        <source>No trust store: issuer not confirmed</source>
        <translation>No trust store: issuer not confirmed</translation>
    </message>
    <message>
        <source>Signing certificate expired</source>
        <translation>Signing certificate expired</translation>
    </message>
    <message>
        <source>Signing certificate revoked</source>
        <translation>Signing certificate revoked</translation>
    </message>
    <message>
        <source>Revocation list missing or old</source>
        <translation>Revocation list missing or old</translation>
    </message>
    <message>
        <source>Signing certificate not from the issuer it names</source>
        <translation>Signing certificate not from the issuer it names</translation>
    </message>
    <message>
        <source>Issuer not found; trust store damaged (call IT)</source>
        <translation>Issuer not found; trust store damaged (call IT)</translation>
    </message>
    <message>
        <source>Chip is a copy (failed its key check)</source>
        <translation>Chip is a copy (failed its key check)</translation>
    </message>
    <message>
        <source>Chip offers no copy check</source>
        <translation>Chip offers no copy check</translation>
    </message>
    <message>
        <source>Face</source>
        <translation>Face</translation>
    </message>
    <message>
        <source>Card signature</source>
        <translation>Card signature</translation>
    </message>
    <message>
        <source>Chip genuineness</source>
        <translation>Chip genuineness</translation>
    </message>
    <message>
        <source>Insurance</source>
        <translation>Insurance</translation>
    </message>
    <message>
        <source>Declared priority</source>
        <translation>Declared priority</translation>
    </message>
    <message>
        <source>Department and age</source>
        <translation>Department and age</translation>
    </message>
    <message>
        <source>Over the room&apos;s capacity</source>
        <translation>Over the room&apos;s capacity</translation>
    </message>
    <message>
        <source>Number changed by the clinic system</source>
        <translation>Number changed by the clinic system</translation>
    </message>
    <message>
        <source>Number changed by the clinic system: %1 → %2</source>
        <translation>Number changed by the clinic system: %1 → %2</translation>
    </message>
    <message>
        <source>Last card read without trouble.</source>
        <translation>Last card read without trouble.</translation>
    </message>
    <message>
        <source>Last face check done.</source>
        <translation>Last face check done.</translation>
    </message>
    <message>
        <source>The insurance gateway answers.</source>
        <translation>The insurance gateway answers.</translation>
    </message>
    <message>
        <source>%1 items sent to the clinic system.</source>
        <translation>%1 items sent to the clinic system.</translation>
    </message>
    <message>
        <source>%1 waiting to be sent, %2 could not be delivered.</source>
        <translation>%1 waiting to be sent, %2 could not be delivered.</translation>
    </message>
    <message>
        <source>Last slip printed.</source>
        <translation>Last slip printed.</translation>
    </message>
    <message>
        <source>Not used since the kiosk started.</source>
        <translation>Not used since the kiosk started.</translation>
    </message>
    <message>
        <source>The card reader does not answer: check its cable.</source>
        <translation>The card reader does not answer: check its cable.</translation>
    </message>
    <message>
        <source>The camera failed: check its cable.</source>
        <translation>The camera failed: check its cable.</translation>
    </message>
    <message>
        <source>The camera cannot be opened: check its cable, or call IT.</source>
        <translation>The camera cannot be opened: check its cable, or call IT.</translation>
    </message>
    <message>
        <source>The camera stopped sending pictures.</source>
        <translation>The camera stopped sending pictures.</translation>
    </message>
    <message>
        <source>The test camera&apos;s recording is missing.</source>
        <translation>The test camera&apos;s recording is missing.</translation>
    </message>
    <message>
        <source>Did not answer in time.</source>
        <translation>Did not answer in time.</translation>
    </message>
    <message>
        <source>Cannot be reached: check-ins wait in the queue and are sent later.</source>
        <translation>Cannot be reached: check-ins wait in the queue and are sent later.</translation>
    </message>
    <message>
        <source>A delivery failed: it is tried again.</source>
        <translation>A delivery failed: it is tried again.</translation>
    </message>
    <message>
        <source>No answer: cards are looked up again later.</source>
        <translation>No answer: cards are looked up again later.</translation>
    </message>
    <message>
        <source>The gateway answered with an error.</source>
        <translation>The gateway answered with an error.</translation>
    </message>
    <message>
        <source>The gateway refused the clinic&apos;s account: call IT.</source>
        <translation>The gateway refused the clinic&apos;s account: call IT.</translation>
    </message>
    <message>
        <source>Out of paper: put in a new roll.</source>
        <translation>Out of paper: put in a new roll.</translation>
    </message>
    <message>
        <source>The printer&apos;s cover is open: close it.</source>
        <translation>The printer&apos;s cover is open: close it.</translation>
    </message>
    <message>
        <source>The printer is off or not connected.</source>
        <translation>The printer is off or not connected.</translation>
    </message>
    <message>
        <source>The slip was not printed.</source>
        <translation>The slip was not printed.</translation>
    </message>
    <message>
        <source>The face check could not be done.</source>
        <translation>The face check could not be done.</translation>
    </message>
    <message>
        <source>The face check&apos;s models are missing: call IT.</source>
        <translation>The face check&apos;s models are missing: call IT.</translation>
    </message>
    <message>
        <source>The photo on a card&apos;s chip could not be used for the face check.</source>
        <translation>The photo on a card&apos;s chip could not be used for the face check.</translation>
    </message>
    <message>
        <source>A check-in could not be put in the queue: call IT.</source>
        <translation>A check-in could not be put in the queue: call IT.</translation>
    </message>
    <message>
        <source>The queue is full: call IT.</source>
        <translation>The queue is full: call IT.</translation>
    </message>
    <message>
        <source>The queue file was damaged and set aside: call IT.</source>
        <translation>The queue file was damaged and set aside: call IT.</translation>
    </message>
    <message>
        <source>The queue file was set aside: call IT.</source>
        <translation>The queue file was set aside: call IT.</translation>
    </message>
    <message>
        <source>The queue file is of another version: call IT.</source>
        <translation>The queue file is of another version: call IT.</translation>
    </message>
    <message>
        <source>The queue&apos;s key is missing: call IT.</source>
        <translation>The queue&apos;s key is missing: call IT.</translation>
    </message>
    <message>
        <source>The queue&apos;s key is damaged: call IT.</source>
        <translation>The queue&apos;s key is damaged: call IT.</translation>
    </message>
    <message>
        <source>A problem (%1): the log has the details; call IT if it stays.</source>
        <translation>A problem (%1): the log has the details; call IT if it stays.</translation>
    </message>
    <message>
        <source>Give the reason for the decision.</source>
        <extracomment>What a receptionist&apos;s action ran into (terminal/checkin/staff_actions.py codes).</extracomment>
        <translation>Give the reason for the decision.</translation>
    </message>
    <message>
        <source>Choose accept or reject.</source>
        <translation>Choose accept or reject.</translation>
    </message>
    <message>
        <source>Sign in with your name first.</source>
        <translation>Sign in with your name first.</translation>
    </message>
    <message>
        <source>This check-in has no declared priority to confirm.</source>
        <translation>This check-in has no declared priority to confirm.</translation>
    </message>
    <message>
        <source>A second number is issued only to a patient shown the number they already had today.</source>
        <translation>A second number is issued only to a patient shown the number they already had today.</translation>
    </message>
    <message>
        <source>This slip cannot be printed again here: look the number up in today&apos;s list.</source>
        <translation>This slip cannot be printed again here: look the number up in today&apos;s list.</translation>
    </message>
    <message>
        <source>This check-in cannot be looked up again here (it ended, or the terminal was restarted). Look the card up at the desk.</source>
        <translation>This check-in cannot be looked up again here (it ended, or the terminal was restarted). Look the card up at the desk.</translation>
    </message>
    <message>
        <source>This check-in is no longer waiting for review.</source>
        <translation>This check-in is no longer waiting for review.</translation>
    </message>
    <message>
        <source>There is no such check-in today.</source>
        <translation>There is no such check-in today.</translation>
    </message>
    <message>
        <source>Card expired: decide self-pay or another card</source>
        <translation>Card expired: decide self-pay or another card</translation>
    </message>
    <message>
        <source>Card not valid yet: decide self-pay or another card</source>
        <translation>Card not valid yet: decide self-pay or another card</translation>
    </message>
    <message>
        <source>Card withdrawn: ask for a valid card</source>
        <translation>Card withdrawn: ask for a valid card</translation>
    </message>
    <message>
        <source>Card reported reduced: ask for the re-issued card</source>
        <translation>Card reported reduced: ask for the re-issued card</translation>
    </message>
    <message>
        <source>Child under 6 not on file: check the birth certificate</source>
        <translation>Child under 6 not on file: check the birth certificate</translation>
    </message>
    <message>
        <source>Registered elsewhere: ask for a referral or appointment slip</source>
        <translation>Registered elsewhere: ask for a referral or appointment slip</translation>
    </message>
    <message>
        <source>Registered elsewhere, no slip: self-pay here</source>
        <translation>Registered elsewhere, no slip: self-pay here</translation>
    </message>
    <message>
        <source>Card still not verified at day end: check it before discharge</source>
        <translation>Card still not verified at day end: check it before discharge</translation>
    </message>
    <message>
        <source>Room full (clinic system)</source>
        <translation>Room full (clinic system)</translation>
    </message>
    <message>
        <source>The clinic&apos;s system says this room is full: no number was given.</source>
        <translation>The clinic&apos;s system says this room is full: no number was given.</translation>
    </message>
</context>
<context>
    <name>ConsoleView</name>
    <message>
        <source>Receptionist console</source>
        <translation>Receptionist console</translation>
    </message>
    <message>
        <source>Check-ins today</source>
        <translation>Check-ins today</translation>
    </message>
    <message>
        <source>Offline queue</source>
        <translation>Offline queue</translation>
    </message>
    <message>
        <source>Devices</source>
        <translation>Devices</translation>
    </message>
    <message>
        <source>Type a card key</source>
        <translation>Type a card key</translation>
    </message>
    <message>
        <source>Console pages; Ctrl+1 to Ctrl+4 switch between them</source>
        <translation>Console pages; Ctrl+1 to Ctrl+4 switch between them</translation>
    </message>
    <message>
        <source>Back to the kiosk (Esc)</source>
        <translation>Back to the kiosk (Esc)</translation>
    </message>
    <message>
        <source>Back to the kiosk</source>
        <translation>Back to the kiosk</translation>
    </message>
    <message>
        <source>Close the kiosk app</source>
        <translation>Close the kiosk app</translation>
    </message>
    <message>
        <source>Your name or staff code</source>
        <translation>Your name or staff code</translation>
    </message>
    <message>
        <source>Your name or staff code, once per shift</source>
        <translation>Your name or staff code, once per shift</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>Sign in</translation>
    </message>
    <message>
        <source>Sign in for this shift</source>
        <translation>Sign in for this shift</translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation>Sign out</translation>
    </message>
    <message>
        <source>Sign out at the end of the shift</source>
        <translation>Sign out at the end of the shift</translation>
    </message>
    <message>
        <source>Signed in: %1</source>
        <translation>Signed in: %1</translation>
    </message>
    <message>
        <source>Sign in once for your shift:</source>
        <translation>Sign in once for your shift:</translation>
    </message>
    <message>
        <source>Sign in with your name first: decisions are kept under it.</source>
        <translation>Sign in with your name first: decisions are kept under it.</translation>
    </message>
    <message>
        <source>Close the kiosk app?</source>
        <translation>Close the kiosk app?</translation>
    </message>
    <message>
        <source>Close the kiosk app? Patients cannot check in until it is started again.</source>
        <translation>Close the kiosk app? Patients cannot check in until it is started again.</translation>
    </message>
    <message>
        <source>Keep it running</source>
        <translation>Keep it running</translation>
    </message>
    <message>
        <source>Close the app</source>
        <translation>Close the app</translation>
    </message>
</context>
<context>
    <name>DepartmentView</name>
    <message>
        <source>Switch the language to %1</source>
        <translation>Switch the language to %1</translation>
    </message>
    <message>
        <source>Where do you want to be seen?</source>
        <translation>Where do you want to be seen?</translation>
    </message>
    <message>
        <source>Touch a department, then place your chip ID card on the reader.</source>
        <translation>Touch a department, then place your chip ID card on the reader.</translation>
    </message>
    <message>
        <source>Room %1, floor %2</source>
        <translation>Room %1, floor %2</translation>
    </message>
    <message>
        <source>Room %1</source>
        <translation>Room %1</translation>
    </message>
    <message>
        <source>Closed now</source>
        <translation>Closed now</translation>
    </message>
    <message>
        <source>Full for this session</source>
        <translation>Full for this session</translation>
    </message>
    <message>
        <source>Full today</source>
        <translation>Full today</translation>
    </message>
    <message>
        <source>Next open: %1</source>
        <translation>Next open: %1</translation>
    </message>
    <message>
        <source>%1 has just become full. Please choose another department, then place your card again.</source>
        <translation>%1 has just become full. Please choose another department, then place your card again.</translation>
    </message>
</context>
<context>
    <name>DevicesPage</name>
    <message>
        <source>Device status</source>
        <translation>Device status</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>Version</translation>
    </message>
    <message>
        <source>Gateway lookups</source>
        <translation>Gateway lookups</translation>
    </message>
    <message>
        <source>Gateway lookups in the last hour: %1 (%2 more answered from the cache).</source>
        <translation>Gateway lookups in the last hour: %1 (%2 more answered from the cache).</translation>
    </message>
    <message>
        <source>Limit: %1 an hour.</source>
        <translation>Limit: %1 an hour.</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>Device</translation>
    </message>
    <message>
        <source>State</source>
        <translation>State</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>Summary</translation>
    </message>
    <message>
        <source>Last error</source>
        <translation>Last error</translation>
    </message>
    <message>
        <source>At</source>
        <translation>At</translation>
    </message>
    <message>
        <source>Place the simulated card</source>
        <translation>Place the simulated card</translation>
    </message>
    <message>
        <source>Take the simulated card away</source>
        <translation>Take the simulated card away</translation>
    </message>
    <message>
        <source>Simulated card: on the reader</source>
        <translation>Simulated card: on the reader</translation>
    </message>
    <message>
        <source>Simulated card: off the reader</source>
        <translation>Simulated card: off the reader</translation>
    </message>
</context>
<context>
    <name>ErrorView</name>
    <message>
        <source>The card was taken away too soon</source>
        <extracomment>KioskError → (what happened, what to do next).</extracomment>
        <translation>The card was taken away too soon</translation>
    </message>
    <message>
        <source>To try again, start from the first step on the screen, and leave the card on the reader until the screen says you may take it.</source>
        <translation>To try again, start from the first step on the screen, and leave the card on the reader until the screen says you may take it.</translation>
    </message>
    <message>
        <source>The card could not be opened</source>
        <translation>The card could not be opened</translation>
    </message>
    <message>
        <source>Please go to the reception desk: a receptionist will type the numbers printed on your card.</source>
        <translation>Please go to the reception desk: a receptionist will type the numbers printed on your card.</translation>
    </message>
    <message>
        <source>The card did not accept the card number</source>
        <translation>The card did not accept the card number</translation>
    </message>
    <message>
        <source>Touch “Type your card number” and type the last 6 digits of the ID number on the front of your card.</source>
        <translation>Touch “Type your card number” and type the last 6 digits of the ID number on the front of your card.</translation>
    </message>
    <message>
        <source>The card&apos;s chip is locked after wrong numbers</source>
        <translation>The card&apos;s chip is locked after wrong numbers</translation>
    </message>
    <message>
        <source>Please go to the reception desk with your card; do not type the number again.</source>
        <translation>Please go to the reception desk with your card; do not type the number again.</translation>
    </message>
    <message>
        <source>The card could not be read</source>
        <translation>The card could not be read</translation>
    </message>
    <message>
        <source>To try again, start from the first step on the screen and place the card flat on the reader. If it fails again, please go to the reception desk.</source>
        <translation>To try again, start from the first step on the screen and place the card flat on the reader. If it fails again, please go to the reception desk.</translation>
    </message>
    <message>
        <source>To try again, start from the first step on the screen and look straight at the camera when it asks.</source>
        <translation>To try again, start from the first step on the screen and look straight at the camera when it asks.</translation>
    </message>
    <message>
        <source>To try again, start from the first step on the screen and follow each instruction.</source>
        <translation>To try again, start from the first step on the screen and follow each instruction.</translation>
    </message>
    <message>
        <source>To try again, start from the first step on the screen.</source>
        <translation>To try again, start from the first step on the screen.</translation>
    </message>
    <message>
        <source>The card could not be verified</source>
        <translation>The card could not be verified</translation>
    </message>
    <message>
        <source>Please go to the reception desk with your card.</source>
        <translation>Please go to the reception desk with your card.</translation>
    </message>
    <message>
        <source>The card reader is not working</source>
        <translation>The card reader is not working</translation>
    </message>
    <message>
        <source>Please go to the reception desk; we are sorry for the wait.</source>
        <translation>Please go to the reception desk; we are sorry for the wait.</translation>
    </message>
    <message>
        <source>The camera is not working</source>
        <translation>The camera is not working</translation>
    </message>
    <message>
        <source>No face was seen</source>
        <translation>No face was seen</translation>
    </message>
    <message>
        <source>The camera could not finish the check</source>
        <translation>The camera could not finish the check</translation>
    </message>
    <message>
        <source>The face does not match the card</source>
        <translation>The face does not match the card</translation>
    </message>
    <message>
        <source>The camera could not confirm that the card is yours</source>
        <translation>The camera could not confirm that the card is yours</translation>
    </message>
    <message>
        <source>The receptionist could not check you in here</source>
        <translation>The receptionist could not check you in here</translation>
    </message>
    <message>
        <source>Please ask at the reception desk what to do next.</source>
        <translation>Please ask at the reception desk what to do next.</translation>
    </message>
    <message>
        <source>Your health insurance cannot be used today</source>
        <translation>Your health insurance cannot be used today</translation>
    </message>
    <message>
        <source>Please go to the reception desk to check in.</source>
        <translation>Please go to the reception desk to check in.</translation>
    </message>
    <message>
        <source>The check-in took too long</source>
        <translation>The check-in took too long</translation>
    </message>
    <message>
        <source>Something went wrong</source>
        <translation>Something went wrong</translation>
    </message>
    <message>
        <source>The room you chose is full</source>
        <translation>The room you chose is full</translation>
    </message>
    <message>
        <source>No other room takes patients now. Please go to the reception desk.</source>
        <translation>No other room takes patients now. Please go to the reception desk.</translation>
    </message>
</context>
<context>
    <name>IdleView</name>
    <message>
        <source>Switch the language to %1</source>
        <translation>Switch the language to %1</translation>
    </message>
    <message>
        <source>Picture: the card lies flat on the reader&apos;s pad</source>
        <translation>Picture: the card lies flat on the reader&apos;s pad</translation>
    </message>
    <message>
        <source>Show the QR code on the front of your card to the camera</source>
        <extracomment>Each language&apos;s name in itself, as language pickers show it (not translated on purpose).</extracomment>
        <translation>Show the QR code on the front of your card to the camera</translation>
    </message>
    <message>
        <source>Hold the card still, a hand&apos;s width from the camera above the screen.</source>
        <translation>Hold the card still, a hand&apos;s width from the camera above the screen.</translation>
    </message>
    <message>
        <source>Type the last 6 digits of the ID number on your card</source>
        <translation>Type the last 6 digits of the ID number on your card</translation>
    </message>
    <message>
        <source>Touch the button below, type the 6 digits, then press OK.</source>
        <translation>Touch the button below, type the 6 digits, then press OK.</translation>
    </message>
    <message>
        <source>Now place your card flat on the reader</source>
        <translation>Now place your card flat on the reader</translation>
    </message>
    <message>
        <source>Leave it there until the screen says you may take it.</source>
        <translation>Leave it there until the screen says you may take it.</translation>
    </message>
    <message>
        <source>%1 seconds left</source>
        <translation>%1 seconds left</translation>
    </message>
    <message>
        <source>A+ Larger text</source>
        <translation>A+ Larger text</translation>
    </message>
    <message>
        <source>Larger text on the screens</source>
        <translation>Larger text on the screens</translation>
    </message>
    <message>
        <source>Picture: the card&apos;s QR code held up to the camera</source>
        <translation>Picture: the card&apos;s QR code held up to the camera</translation>
    </message>
    <message>
        <source>Picture: the last 6 digits of the ID number on the card&apos;s front</source>
        <translation>Picture: the last 6 digits of the ID number on the card&apos;s front</translation>
    </message>
    <message>
        <source>Type your card number</source>
        <translation>Type your card number</translation>
    </message>
    <message>
        <source>Open the keypad to type the 6-digit card number</source>
        <translation>Open the keypad to type the 6-digit card number</translation>
    </message>
    <message>
        <source>No QR code? Type your card number</source>
        <translation>No QR code? Type your card number</translation>
    </message>
    <message>
        <source>Type the 6-digit card number instead of showing the QR code</source>
        <translation>Type the 6-digit card number instead of showing the QR code</translation>
    </message>
    <message>
        <source>Priority (pregnant, disability…)?</source>
        <translation>Priority (pregnant, disability…)?</translation>
    </message>
    <message>
        <source>Declare a priority before placing the card</source>
        <translation>Declare a priority before placing the card</translation>
    </message>
    <message>
        <source>Staff</source>
        <translation>Staff</translation>
    </message>
    <message>
        <source>Staff: open the receptionist console</source>
        <translation>Staff: open the receptionist console</translation>
    </message>
</context>
<context>
    <name>OverrideDialog</name>
    <message>
        <source>Decide a check-in under review</source>
        <translation>Decide a check-in under review</translation>
    </message>
    <message>
        <source>Check-in of %1: compare the face with the card, then decide.</source>
        <translation>Check-in of %1: compare the face with the card, then decide.</translation>
    </message>
    <message>
        <source>Reason (kept for audit)</source>
        <translation>Reason (kept for audit)</translation>
    </message>
    <message>
        <source>&amp;Reason (kept for audit)</source>
        <translation>&amp;Reason (kept for audit)</translation>
    </message>
    <message>
        <source>&amp;Approve</source>
        <translation>&amp;Approve</translation>
    </message>
    <message>
        <source>Approve the check-in</source>
        <translation>Approve the check-in</translation>
    </message>
    <message>
        <source>Re&amp;ject</source>
        <translation>Re&amp;ject</translation>
    </message>
    <message>
        <source>Reject the check-in</source>
        <translation>Reject the check-in</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Type the reason for your decision (at least %1 characters).</source>
        <translation>Type the reason for your decision (at least %1 characters).</translation>
    </message>
    <message>
        <source>To look at: %1</source>
        <translation>To look at: %1</translation>
    </message>
    <message>
        <source>Photo on the card&apos;s chip</source>
        <translation>Photo on the card&apos;s chip</translation>
    </message>
    <message>
        <source>No chip photo</source>
        <translation>No chip photo</translation>
    </message>
    <message>
        <source>Photo at the kiosk</source>
        <translation>Photo at the kiosk</translation>
    </message>
    <message>
        <source>No face was seen</source>
        <translation>No face was seen</translation>
    </message>
    <message>
        <source>Decided by: %1</source>
        <translation>Decided by: %1</translation>
    </message>
</context>
<context>
    <name>PinDialog</name>
    <message>
        <source>Receptionist PIN</source>
        <translation>Receptionist PIN</translation>
    </message>
    <message>
        <source>PIN</source>
        <translation>PIN</translation>
    </message>
    <message>
        <source>PIN message</source>
        <translation>PIN message</translation>
    </message>
    <message>
        <source>Delete the last digit</source>
        <translation>Delete the last digit</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>Check the PIN</source>
        <translation>Check the PIN</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Cancel and go back</source>
        <translation>Cancel and go back</translation>
    </message>
    <message>
        <source>Too many wrong PINs. Try again in %1 seconds.</source>
        <translation>Too many wrong PINs. Try again in %1 seconds.</translation>
    </message>
    <message>
        <source>Wrong PIN. %1 tries left.</source>
        <translation>Wrong PIN. %1 tries left.</translation>
    </message>
</context>
<context>
    <name>PriorityView</name>
    <message>
        <source>I am pregnant</source>
        <translation>I am pregnant</translation>
    </message>
    <message>
        <source>I have a severe disability</source>
        <translation>I have a severe disability</translation>
    </message>
    <message>
        <source>I am a person with revolutionary merit</source>
        <translation>I am a person with revolutionary merit</translation>
    </message>
    <message>
        <source>This is an emergency</source>
        <translation>This is an emergency</translation>
    </message>
    <message>
        <source>A child under 6</source>
        <translation>A child under 6</translation>
    </message>
    <message>
        <source>Aged 75 or over</source>
        <translation>Aged 75 or over</translation>
    </message>
    <message>
        <source>Are you to be seen first?</source>
        <translation>Are you to be seen first?</translation>
    </message>
    <message>
        <source>Choose what applies to you; a receptionist may ask to see a paper. Children under 6 and people aged 75 or over need not choose: the card says so.</source>
        <translation>Choose what applies to you; a receptionist may ask to see a paper. Children under 6 and people aged 75 or over need not choose: the card says so.</translation>
    </message>
    <message>
        <source>No priority: back</source>
        <translation>No priority: back</translation>
    </message>
</context>
<context>
    <name>QueuePage</name>
    <message>
        <source>Check-ins waiting to be sent</source>
        <translation>Check-ins waiting to be sent</translation>
    </message>
    <message>
        <source>Online. %1 items waiting to be sent.</source>
        <translation>Online. %1 items waiting to be sent.</translation>
    </message>
    <message>
        <source>OFFLINE: check-ins are kept and sent when the network is back. %1 waiting.</source>
        <translation>OFFLINE: check-ins are kept and sent when the network is back. %1 waiting.</translation>
    </message>
    <message>
        <source>Ticket</source>
        <translation>Ticket</translation>
    </message>
    <message>
        <source>Patient</source>
        <translation>Patient</translation>
    </message>
    <message>
        <source>Waiting since</source>
        <translation>Waiting since</translation>
    </message>
    <message>
        <source>What</source>
        <translation>What</translation>
    </message>
    <message>
        <source>Tries</source>
        <translation>Tries</translation>
    </message>
    <message>
        <source>Next try</source>
        <translation>Next try</translation>
    </message>
    <message>
        <source>Last error</source>
        <translation>Last error</translation>
    </message>
    <message>
        <source>The last try failed</source>
        <translation>The last try failed</translation>
    </message>
    <message>
        <source>Gave up after every try: call IT to send it again</source>
        <translation>Gave up after every try: call IT to send it again</translation>
    </message>
</context>
<context>
    <name>ReadingView</name>
    <message>
        <source>Opening the chip…</source>
        <translation>Opening the chip…</translation>
    </message>
    <message>
        <source>Reading your details…</source>
        <translation>Reading your details…</translation>
    </message>
    <message>
        <source>Reading the photo on the chip…</source>
        <translation>Reading the photo on the chip…</translation>
    </message>
    <message>
        <source>Checking that the card is genuine…</source>
        <translation>Checking that the card is genuine…</translation>
    </message>
    <message>
        <source>Reading your card</source>
        <translation>Reading your card</translation>
    </message>
    <message>
        <source>Keep the card still on the reader.</source>
        <translation>Keep the card still on the reader.</translation>
    </message>
</context>
<context>
    <name>ResultView</name>
    <message>
        <source>Your health insurance covers this visit.</source>
        <translation>Your health insurance covers this visit.</translation>
    </message>
    <message>
        <source>Your health insurance covers this visit. Show your insurance card at the counter.</source>
        <translation>Your health insurance covers this visit. Show your insurance card at the counter.</translation>
    </message>
    <message>
        <source>Your health insurance covers this visit. A new insurance card was issued to you: use it next time.</source>
        <translation>Your health insurance covers this visit. A new insurance card was issued to you: use it next time.</translation>
    </message>
    <message>
        <source>Your health insurance cannot be used today: this visit is paid by you.</source>
        <translation>Your health insurance cannot be used today: this visit is paid by you.</translation>
    </message>
    <message>
        <source>Your health insurance could not be checked yet; the clinic will check it for you.</source>
        <translation>Your health insurance could not be checked yet; the clinic will check it for you.</translation>
    </message>
    <message>
        <source>Your health insurance details need a check by a receptionist.</source>
        <translation>Your health insurance details need a check by a receptionist.</translation>
    </message>
    <message>
        <source>Please take a seat. Your number will be called at counter %1.</source>
        <translation>Please take a seat. Your number will be called at counter %1.</translation>
    </message>
    <message>
        <source>Please pay at the cashier, then wait for your number at counter %1.</source>
        <translation>Please pay at the cashier, then wait for your number at counter %1.</translation>
    </message>
    <message>
        <source>Please go to the reception desk with this number.</source>
        <translation>Please go to the reception desk with this number.</translation>
    </message>
    <message>
        <source>You are checked in</source>
        <translation>You are checked in</translation>
    </message>
    <message>
        <source>Your priority number</source>
        <translation>Your priority number</translation>
    </message>
    <message>
        <source>Your number</source>
        <translation>Your number</translation>
    </message>
    <message>
        <source>Your number: %1</source>
        <translation>Your number: %1</translation>
    </message>
    <message>
        <source>You already have this number today: it is shown again.</source>
        <translation>You already have this number today: it is shown again.</translation>
    </message>
    <message>
        <source>The slip could not be printed: please remember your number and ask at the reception desk.</source>
        <translation>The slip could not be printed: please remember your number and ask at the reception desk.</translation>
    </message>
    <message>
        <source>Your health insurance pays %1% of covered costs.</source>
        <translation>Your health insurance pays %1% of covered costs.</translation>
    </message>
    <message>
        <source>Children under 6 are covered in full.</source>
        <translation>Children under 6 are covered in full.</translation>
    </message>
    <message>
        <source>No co-pay for the rest of this year: 5 years&apos; continuous cover and this year&apos;s co-pay above the limit.</source>
        <translation>No co-pay for the rest of this year: 5 years&apos; continuous cover and this year&apos;s co-pay above the limit.</translation>
    </message>
    <message>
        <source>Nobody is waiting before you.</source>
        <translation>Nobody is waiting before you.</translation>
    </message>
    <message numerus="yes">
        <source>%n patient(s) before you.</source>
        <translation>
            <numerusform>%n patient before you.</numerusform>
            <numerusform>%n patients before you.</numerusform>
        </translation>
    </message>
    <message>
        <source>room %1 on floor %2</source>
        <translation>room %1 on floor %2</translation>
    </message>
    <message>
        <source>room %1</source>
        <translation>room %1</translation>
    </message>
    <message>
        <source>Go to %1, %2.</source>
        <translation>Go to %1, %2.</translation>
    </message>
    <message>
        <source>Go to %1.</source>
        <translation>Go to %1.</translation>
    </message>
</context>
<context>
    <name>ReviewView</name>
    <message>
        <source>The camera could not confirm that the card is yours: a receptionist will check it and give you your number.</source>
        <translation>The camera could not confirm that the card is yours: a receptionist will check it and give you your number.</translation>
    </message>
    <message>
        <source>Your health insurance needs a check by a receptionist, who will give you your number.</source>
        <translation>Your health insurance needs a check by a receptionist, who will give you your number.</translation>
    </message>
    <message>
        <source>Your card needs a check by a receptionist, who will give you your number.</source>
        <translation>Your card needs a check by a receptionist, who will give you your number.</translation>
    </message>
    <message>
        <source>A receptionist will confirm your priority and give you your number.</source>
        <translation>A receptionist will confirm your priority and give you your number.</translation>
    </message>
    <message>
        <source>A receptionist will help you choose where to be seen and give you your number.</source>
        <translation>A receptionist will help you choose where to be seen and give you your number.</translation>
    </message>
    <message>
        <source>Please go to the reception desk</source>
        <extracomment>The receptionist came to the kiosk: the PIN, then the console to decide it there.</extracomment>
        <translation>Please go to the reception desk</translation>
    </message>
    <message>
        <source>Staff</source>
        <translation>Staff</translation>
    </message>
    <message>
        <source>Staff: decide this check-in at the console</source>
        <translation>Staff: decide this check-in at the console</translation>
    </message>
</context>
<context>
    <name>ScreenView</name>
    <message>
        <source>Take your card now.</source>
        <translation>Take your card now.</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Done</translation>
    </message>
    <message>
        <source>Done: the next patient may start</source>
        <translation>Done: the next patient may start</translation>
    </message>
</context>
<context>
    <name>SecondNumberDialog</name>
    <message>
        <source>Issue a second number</source>
        <translation>Issue a second number</translation>
    </message>
    <message>
        <source>The patient already holds %1 today. A second number is issued only on purpose, with a reason.</source>
        <translation>The patient already holds %1 today. A second number is issued only on purpose, with a reason.</translation>
    </message>
    <message>
        <source>Reason (kept for audit)</source>
        <translation>Reason (kept for audit)</translation>
    </message>
    <message>
        <source>Issued by: %1</source>
        <translation>Issued by: %1</translation>
    </message>
    <message>
        <source>&amp;Reason (kept for audit)</source>
        <translation>&amp;Reason (kept for audit)</translation>
    </message>
    <message>
        <source>&amp;Issue a second number</source>
        <translation>&amp;Issue a second number</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Type the reason for the second number (at least %1 characters).</source>
        <translation>Type the reason for the second number (at least %1 characters).</translation>
    </message>
</context>
<context>
    <name>SlipsView</name>
    <message>
        <source>Do you have a referral slip from another facility?</source>
        <translation>Do you have a referral slip from another facility?</translation>
    </message>
    <message>
        <source>Do you have an appointment slip for a follow-up visit here?</source>
        <translation>Do you have an appointment slip for a follow-up visit here?</translation>
    </message>
    <message>
        <source>the clinic will tell you</source>
        <translation>the clinic will tell you</translation>
    </message>
    <message>
        <source>%1% of covered costs</source>
        <translation>%1% of covered costs</translation>
    </message>
    <message>
        <source>Your card is registered at another facility</source>
        <translation>Your card is registered at another facility</translation>
    </message>
    <message>
        <source>Please answer both questions, then confirm.</source>
        <translation>Please answer both questions, then confirm.</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>Yes</translation>
    </message>
    <message>
        <source>No</source>
        <translation>No</translation>
    </message>
    <message>
        <source>With a slip, your health insurance pays %1. Without one, it pays %2.</source>
        <translation>With a slip, your health insurance pays %1. Without one, it pays %2.</translation>
    </message>
    <message>
        <source>Please wait…</source>
        <translation>Please wait…</translation>
    </message>
    <message>
        <source>Confirm</source>
        <translation>Confirm</translation>
    </message>
</context>
<context>
    <name>TesterStrip</name>
    <message>
        <source>Tester · simulated card: on the reader</source>
        <translation>Tester · simulated card: on the reader</translation>
    </message>
    <message>
        <source>Tester · simulated card: off the reader</source>
        <translation>Tester · simulated card: off the reader</translation>
    </message>
    <message>
        <source>Place card (%1)</source>
        <translation>Place card (%1)</translation>
    </message>
    <message>
        <source>Take card away (%1)</source>
        <translation>Take card away (%1)</translation>
    </message>
    <message>
        <source>Tester controls of the simulated card</source>
        <translation>Tester controls of the simulated card</translation>
    </message>
</context>
<context>
    <name>VoiceToggle</name>
    <message>
        <source>Voice: on</source>
        <translation>Voice: on</translation>
    </message>
    <message>
        <source>Voice: off</source>
        <translation>Voice: off</translation>
    </message>
    <message>
        <source>Spoken guidance is on; press to switch it off</source>
        <translation>Spoken guidance is on; press to switch it off</translation>
    </message>
    <message>
        <source>Spoken guidance is off; press to switch it on</source>
        <translation>Spoken guidance is off; press to switch it on</translation>
    </message>
</context>
</TS>
