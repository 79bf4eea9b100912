"""The organiser console: plan the event, collect the sticks, curate the notes, print."""
