"""Personal data: who saw and exported what (audit), export, erasure and retention."""
