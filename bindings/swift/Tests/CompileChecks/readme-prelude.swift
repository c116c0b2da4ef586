// Before the README's "Use" snippet (top-level code of a program's main.swift): what it assumes.
let code = "123456"
