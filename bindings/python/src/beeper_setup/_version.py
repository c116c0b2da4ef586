__title__ = "beeper_setup"
__version__ = "0.1.0"
