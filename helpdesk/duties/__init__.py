"""Contract duties beside incidents (R25): non-payment suspensions, preventive site visits."""
