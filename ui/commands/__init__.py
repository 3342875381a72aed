"""`checkin` subcommands that need Qt, registered through the `checkin.commands` entry points
(terminal/ never imports ui/); Qt is imported only when one of them runs."""
