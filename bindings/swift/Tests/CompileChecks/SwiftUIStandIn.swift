// Stand-ins for SwiftUI's top-level names that a library could collide with.
public protocol App {}
public struct Settings { public init() {} }
public struct Scene { public init() {} }
public struct Group { public init() {} }
public struct Section { public init() {} }
public struct Text { public init() {} }
public struct Label { public init() {} }
public struct State { public init() {} }
public struct Environment { public init() {} }
public struct Alert { public init() {} }
public struct Form { public init() {} }
public struct Link { public init() {} }
public struct Image { public init() {} }
public struct Color { public init() {} }
public struct Window { public init() {} }
