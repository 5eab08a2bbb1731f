"""The nominal: the person on the register and everything known about them."""
