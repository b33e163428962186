"""The entry chain: Certificate of Eligibility, visa, entry into Japan (reference B3); its
object type is Candidate.entry's, in core.schema.lifecycle.types."""
