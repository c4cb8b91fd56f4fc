"""The documents the app writes (Word): the meeting briefing, the round's summary report and the
supervision notices. Every number in them comes from the figure functions, never counted again
here; each function checks who asks, and returns the .docx bytes."""

from __future__ import annotations

from data_access.documents.briefing import briefing
from data_access.documents.common import DOCUMENT_ROLES, DOCX, require_documents
from data_access.documents.summary_report import summary_report
from data_access.documents.supervision_notice import supervision_notice

__all__ = ["DOCUMENT_ROLES", "DOCX", "briefing", "require_documents", "summary_report", "supervision_notice"]
