# SPDX-License-Identifier: LGPL-2.1-or-later
"""A VTK render window's picture, as a texture in its own GL context.

After each Render(), vtkOpenGLRenderWindow keeps the finished picture (ray
casting and all, resolved from its multisampled render buffer) in the colour
texture of its display framebuffer, a plain GL_TEXTURE_2D, bottom row
first. glwindowsrc reads that texture (target=texture) from a GL context
shared with VTK's: no second render, no X window capture.
"""


def render_window_texture(render_window):
    """(texture id, width, height) of the render window's finished picture;
    makes its context current on the calling thread."""
    for name in ("MakeCurrent", "GetDisplayFramebuffer", "GetSize"):
        if not hasattr(render_window, name):
            raise TypeError("render_window= takes a vtkOpenGLRenderWindow; "
                            f"{type(render_window).__name__} has no {name}()")
    if render_window.GetNeverRendered():
        render_window.Render()
    render_window.MakeCurrent()
    framebuffer = render_window.GetDisplayFramebuffer()
    texture = framebuffer.GetColorAttachmentAsTextureObject(0) \
        if framebuffer is not None else None
    if texture is None or not texture.GetHandle():
        # Finalize() (a closed or deleted window) releases the framebuffers'
        # GL objects: what is left has no texture, and the context is gone.
        raise ValueError("the render window has no display framebuffer "
                         "texture: it was finalized (Finalize(), the window "
                         "closed or deleted) or has not rendered")
    return texture.GetHandle(), texture.GetWidth(), texture.GetHeight()
