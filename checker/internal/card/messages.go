package card

// hint N --trainer: the exercise's trainer card.
const (
	MsgCardHeader    = "Trainer card for exercise %02d, %s (about %d minutes):"
	MsgCardWrongFix  = "Wrong fixes people try, and what the checker says:"
	MsgCardFix       = "  - %s"
	MsgCardSays      = "      -> %s"
	MsgCardDebrief   = "Debrief:"
	MsgCardPoint     = "  - %s"
	MsgCardNone      = "exercise %02d has no trainer card yet (internal/catalogue/trainer.go)."
	MsgCardNoHintUse = "(a trainer card is not a hint: the learner's hint count is unchanged)"
)
