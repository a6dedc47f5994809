"""Ký số (spec §7): signature fields placed from the layout, the leader's and the office's
PAdES signatures (PKCS#12, PKCS#11, remote), attachments, copies, and verification."""
