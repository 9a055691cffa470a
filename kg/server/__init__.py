"""kg/server"""
