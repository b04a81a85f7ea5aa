;; assignOnce conflict
(func $__gpc_init (local i32×1)
  i32.const 1208
  call $rt_reserve
  drop
  i32.const 1040
  i32.const 0
  i32.const 168
  memory.init 1
  data.drop 1
  i32.const 0
  i32.const 1193
  i32.const 3
  call $rt_json_parse
  local.tee 0
  i32.eqz
  if
    i32.const 1162
    call $rt_abort
    drop
    unreachable
  end
  local.get 0
  i32.store offset=1032
  i32.const 0
  i32.const 1196
  i32.const 3
  call $rt_json_parse
  local.tee 0
  i32.eqz
  if
    i32.const 1162
    call $rt_abort
    drop
    unreachable
  end
  local.get 0
  i32.store offset=1036
  i32.const 1199
  i32.const 9
  call $rt_json_parse
  local.tee 0
  i32.eqz
  if
    i32.const 1162
    call $rt_abort
    drop
    unreachable
  end
  local.get 0
  call $rt_set_entrypoints
  drop
)
(func $__gpc_eval (param i32 i32 i32) (result i32)
  i32.const 0
  call $rt_memo_reset
  drop
  block
    block
      local.get 0
      br_table 0 1
    end
    local.get 1
    local.get 2
    call $t.r
    return
  end
  i32.const 0
)
(func $t.r (param i32 i32) (result i32) (local i32×3)
  block
    block
      local.get 0
      i32.const 0
      i32.load offset=1032
      call $rt_dot
      local.tee 3
      i32.eqz
      br_if 0
      local.get 2
      i32.eqz
      if
        i32.const 0
        i32.load offset=1032
        local.set 2
      else
        local.get 2
        i32.const 0
        i32.load offset=1032
        call $rt_equal
        i32.eqz
        if
          i32.const 1040
          call $rt_abort
          drop
          unreachable
        end
      end
    end
    block
      local.get 0
      i32.const 0
      i32.load offset=1036
      call $rt_dot
      local.tee 4
      i32.eqz
      br_if 0
      local.get 2
      i32.eqz
      if
        local.get 4
        local.set 2
      else
        local.get 2
        local.get 4
        call $rt_equal
        i32.eqz
        if
          i32.const 1101
          call $rt_abort
          drop
          unreachable
        end
      end
    end
  end
  local.get 2
)
